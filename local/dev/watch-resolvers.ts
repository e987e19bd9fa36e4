import { existsSync, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import type { ResolverCodeRegistry } from '../graphql/resolver-code.js';
import { bundleResolverSource } from '../runtime/bundle.js';

/** Editors write a file in several steps (truncate, write, rename): one reload per burst. */
const SETTLE_MS = 30;

/** A source as a bundle's source map names it, without the leading `../` that only say where the bundle was built. */
const rootless = (source: string) => path.posix.normalize(source.split(path.sep).join('/')).replace(/^(\.\.\/)+/, '');

/**
 * Watch mode for `npm start`: when a file under `dir` changes, every resolver or pipeline function whose bundle
 * was built from it (its source map names the file) is re-bundled from its entry file as the CDK app bundles it,
 * and swapped into the running engine. Code the engine refuses (APPSYNC_JS rules) is reported and the old code
 * keeps running. Returns how to stop watching.
 */
export function watchResolvers(dir: string, code: ResolverCodeRegistry, log: (line: string) => void): { close(): void } {
  const pending = new Map<string, NodeJS.Timeout>();
  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, name) => {
    if (!name || !/\.[cm]?[jt]s$/.test(name)) return;
    const file = path.resolve(dir, name.toString());
    clearTimeout(pending.get(file));
    pending.set(
      file,
      setTimeout(() => {
        pending.delete(file);
        reloadDependents(file, code, log);
      }, SETTLE_MS),
    );
  });
  return {
    close() {
      watcher.close();
      for (const timer of pending.values()) clearTimeout(timer);
    },
  };
}

/** Whether a running resolver or function bundle was built from `file` (its source map names it). */
export function isBundled(file: string, code: ResolverCodeRegistry): boolean {
  const changed = file.split(path.sep).join('/');
  return code.list().some((loaded) => loaded.sources.some((source) => changed.endsWith(`/${rootless(source)}`)));
}

/** Re-bundles and swaps in every bundle built from `file`; returns how many were replaced. */
export function reloadDependents(file: string, code: ResolverCodeRegistry, log: (line: string) => void): number {
  const started = performance.now();
  const changed = file.split(path.sep).join('/');
  let replaced = 0;
  for (const loaded of code.list()) {
    const dependency = loaded.sources.map(rootless).find((source) => changed.endsWith(`/${source}`));
    if (!dependency || !loaded.sources.length) continue;
    // the sources share the prefix the changed file has in front of its own name in the map
    const base = changed.slice(0, changed.length - dependency.length);
    const entry = path.resolve(base + rootless(loaded.sources[loaded.sources.length - 1]));
    if (!existsSync(entry)) continue;
    try {
      code.replace(loaded.file, bundleResolverSource(entry));
      replaced += 1;
    } catch (error) {
      log(`[watch] ${path.relative(process.cwd(), entry)} not reloaded, the previous code keeps running: ${(error as Error).message}`);
    }
  }
  if (replaced)
    log(
      `[watch] ${path.relative(process.cwd(), file)}: ${replaced} resolver bundle(s) swapped in ${(performance.now() - started).toFixed(0)} ms`,
    );
  return replaced;
}
