import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
export const WEB_DIR = path.join(root, 'web');
export const WEB_DIST = path.join(WEB_DIR, 'dist');
const STAMP = '.source-digest';

/** A digest of everything the build reads from the repository: a rebuild happens only when it changes. */
function sourceDigest(): string {
  const hash = createHash('sha256');
  const visit = (entry: string) => {
    if (statSync(entry).isDirectory()) for (const name of readdirSync(entry).sort()) visit(path.join(entry, name));
    else hash.update(path.relative(root, entry)).update(readFileSync(entry));
  };
  for (const entry of ['web/src', 'web/index.html', 'web/graphiql.html', 'web/vite.config.ts', 'package-lock.json'])
    visit(path.join(root, entry));
  return hash.digest('hex');
}

/**
 * Builds the web app into web/dist with Vite unless the sources are unchanged since the last build (a build takes
 * ~20 s, a check milliseconds). Builds go to a fresh folder first and replace web/dist whole, so two processes
 * building at once never serve a half-written app.
 */
export async function ensureWebBuild(log: (line: string) => void = () => {}): Promise<string> {
  const digest = sourceDigest();
  const stampFile = path.join(WEB_DIST, STAMP);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === digest) return WEB_DIST;
  log('[web] building the web app (web/ changed since the last build)...');
  const { build } = await import('vite');
  const outDir = path.join(WEB_DIR, `.dist-${process.pid}-${Date.now()}`);
  try {
    await build({ configFile: path.join(WEB_DIR, 'vite.config.ts'), logLevel: 'error', build: { outDir } });
    writeFileSync(path.join(outDir, STAMP), digest);
    rmSync(WEB_DIST, { recursive: true, force: true });
    renameSync(outDir, WEB_DIST);
  } catch (error) {
    // another process finished the same build first
    if (!(existsSync(stampFile) && readFileSync(stampFile, 'utf8') === digest)) throw error;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  return WEB_DIST;
}
