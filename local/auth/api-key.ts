import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface LocalApiKey {
  id: string;
  value: string;
  /** epoch seconds; null = never */
  expires: number | null;
}

/**
 * API key values are minted by AppSync at deploy time; locally they are minted once per key and kept in the data
 * folder, so the key printed by `npm start` stays valid across restarts. In memory when there is no folder.
 */
export function localApiKeys(
  keys: Array<{ id: string; expires: number | null }>,
  dataDir: string | null,
  /** keys already handed out (an earlier deployment in this process): their values stay */
  issued: LocalApiKey[] = [],
): LocalApiKey[] {
  const file = dataDir ? path.join(dataDir, 'api-keys.json') : null;
  const saved: Record<string, string> = {
    ...Object.fromEntries(issued.map((key) => [key.id, key.value])),
    ...(file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}),
  };
  const result = keys.map((key) => ({ ...key, value: saved[key.id] ?? `da2-${randomBytes(13).toString('hex').slice(0, 26)}` }));
  if (file) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(Object.fromEntries(result.map((key) => [key.id, key.value])), null, 2));
  }
  return result;
}
