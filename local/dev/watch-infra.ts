import { existsSync, statSync, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import type { SwapReport } from '../engine.js';

/** Saving several files (an editor's "save all", a branch switch) makes one re-synth, not one per file. */
const SETTLE_MS = 200;

export interface InfraWatchOptions {
  /** the project root; `paths` are relative to it */
  root: string;
  /** folders and files whose changes need a new cloud assembly (the schema, the CDK app, the Lambda functions) */
  paths: string[];
  /**
   * A folder where only some changes need one, e.g. resolvers/: a file no running bundle was built from (the CDK app
   * may bundle it now). After a failed synth every change there is worth another try.
   */
  also?: { path: string; when: (file: string) => boolean };
  /** synthesizes the app as `npm start` does; throws when the synth fails */
  synthesize(): Promise<string>;
  /** deploys the assembly onto the running engine; throws when the engine refuses it */
  swap(assemblyDir: string): Promise<SwapReport>;
  log: (line: string) => void;
}

/**
 * Watch mode for schema and infrastructure: a change re-synthesizes the CDK app and swaps the new assembly into
 * the running engine (same port, data and open subscriptions). A synth or swap that fails is reported and the
 * running API keeps serving; after a failure every change in `also`'s folder is worth another try. Changes made during
 * a synth are picked up by one more synth when it ends. Returns how to stop watching.
 */
export function watchInfra(options: InfraWatchOptions): { close(): void } {
  const { root, log } = options;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let again = false;
  let lastFailed = false;
  let firstChange: { file: string; at: number } | null = null;

  const onChange = (file: string) => {
    firstChange ??= { file, at: performance.now() };
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(), SETTLE_MS);
  };

  const run = async () => {
    timer = null;
    if (running) return void (again = true);
    running = true;
    const change = firstChange!;
    firstChange = null;
    const relative = path.relative(root, change.file);
    log(`[watch] ${relative} changed: synthesizing and swapping the new assembly in...`);
    try {
      const synthStarted = performance.now();
      const assemblyDir = await options.synthesize();
      const synthMs = performance.now() - synthStarted;
      const report = await options.swap(assemblyDir);
      lastFailed = false;
      const tables = report.tables.filter((table) => table.action !== 'kept');
      log(
        `[watch] ${relative}: live ${seconds(performance.now() - change.at)} after the change (synth ${seconds(synthMs)}, swap ${report.ms.toFixed(0)} ms); ` +
          `${report.resolvers} resolvers` +
          (tables.length ? `; tables ${tables.map((table) => `${table.tableName} ${table.action}`).join(', ')}` : '') +
          (report.endedSubscriptions ? `; ${report.endedSubscriptions} subscription(s) ended: their fields are gone` : ''),
      );
    } catch (error) {
      lastFailed = true;
      log(`[watch] ${relative}: not swapped, the running API keeps serving. ${(error as Error).message}`);
    } finally {
      running = false;
      if (again) {
        again = false;
        firstChange ??= change;
        void run();
      }
    }
  };

  const watchers: FSWatcher[] = options.paths
    .map((entry) => path.resolve(root, entry))
    .filter((target) => existsSync(target))
    .map((target) => watchPath(target, onChange));
  if (options.also) {
    const { when } = options.also;
    watchers.push(watchPath(path.resolve(root, options.also.path), (file) => (lastFailed || when(file)) && onChange(file)));
  }
  return {
    close() {
      for (const watcher of watchers) watcher.close();
      if (timer) clearTimeout(timer);
    },
  };
}

/** A folder with everything in it, or a file (through its folder, since editors often replace a file when saving). */
function watchPath(target: string, onChange: (file: string) => void): FSWatcher {
  if (statSync(target).isDirectory())
    return watch(target, { recursive: true }, (_event, name) => name && onChange(path.resolve(target, name.toString())));
  const folder = path.dirname(target);
  return watch(folder, (_event, name) => name && path.resolve(folder, name.toString()) === target && onChange(target));
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
