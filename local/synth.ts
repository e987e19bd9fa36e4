import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
/** Kept in the output folder: what the assembly there was synthesized from. */
const FINGERPRINT_FILE = 'local-synth-fingerprint';

export interface SynthOptions {
  app?: string;
  outDir?: string;
  context?: Record<string, string>;
  /**
   * Files and folders (relative to the repository) the app reads. When given, and the assembly in `outDir` was
   * synthesized from exactly their current contents with the same app and context, it is reused as is.
   */
  inputs?: string[];
}

/**
 * Synthesizes a CDK app into a cloud assembly with the project's pinned CDK CLI, offline: no notices, no
 * telemetry, no version check. Without `app`, the project's own app (cdk.json); `context` overrides cdk.json's.
 */
export async function synthesize(options: SynthOptions = {}): Promise<string> {
  const outDir = options.outDir ?? path.join(root, 'cdk.out');
  const fingerprint = options.inputs ? fingerprintOf(options) : null;
  const saved = path.join(outDir, FINGERPRINT_FILE);
  if (fingerprint && existsSync(path.join(outDir, 'manifest.json')) && existsSync(saved) && readFileSync(saved, 'utf8') === fingerprint)
    return outDir;
  await runCdkSynth(options, outDir);
  if (fingerprint) writeFileSync(saved, fingerprint);
  return outDir;
}

function runCdkSynth(options: SynthOptions, outDir: string): Promise<void> {
  const context = Object.entries(options.context ?? {}).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  const args = ['synth', '-q', '--no-notices', '-o', outDir, ...(options.app ? ['--app', options.app] : []), ...context];
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules/.bin/cdk'), args, {
      cwd: root,
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_DISABLE_VERSION_CHECK: '1', NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`cdk synth failed (exit ${code}):\n${output}`))));
  });
}

/** A digest of the app, the context and every input's path and contents (inputs relative to `baseDir`). */
export function fingerprintOf(options: Pick<SynthOptions, 'app' | 'context' | 'inputs'>, baseDir = root): string {
  const hash = createHash('sha256').update(JSON.stringify({ app: options.app ?? null, context: options.context ?? {} }));
  const visit = (relative: string) => {
    const absolute = path.join(baseDir, relative);
    if (!existsSync(absolute)) return;
    if (statSync(absolute).isDirectory()) {
      for (const name of readdirSync(absolute).sort()) if (name !== 'node_modules') visit(path.join(relative, name));
      return;
    }
    hash.update(`\0${relative}\0`).update(readFileSync(absolute));
  };
  for (const input of options.inputs ?? []) visit(input);
  return hash.digest('hex');
}
