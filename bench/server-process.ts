import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { cpuProfileArgs } from './cpu-profile.js';

const root = path.resolve(import.meta.dirname, '..');

/** One of `bench/servers.ts`'s servers in its own process, so the load generator does not share its event loop. */
export function startServer<T = { url: string; apiKey?: string }>(args: string[]): Promise<{ child: ChildProcess; info: T }> {
  const child = spawn(process.execPath, [...cpuProfileArgs(), '--import', 'tsx', path.join(root, 'bench/servers.ts'), ...args], {
    cwd: root,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server ${args[0]} exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ child, info: JSON.parse(line) as T }));
  });
}
