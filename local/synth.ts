import { spawn } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/**
 * Synthesizes a CDK app into a cloud assembly with the project's pinned CDK CLI, offline: no notices, no
 * telemetry, no version check. Without `app`, the project's own app (cdk.json); `context` overrides cdk.json's.
 */
export function synthesize(options: { app?: string; outDir?: string; context?: Record<string, string> } = {}): Promise<string> {
  const outDir = options.outDir ?? path.join(root, 'cdk.out');
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
    child.on('exit', (code) => (code === 0 ? resolve(outDir) : reject(new Error(`cdk synth failed (exit ${code}):\n${output}`))));
  });
}
