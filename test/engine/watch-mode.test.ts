import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { watchResolvers } from '../../local/dev/watch-resolvers.js';
import { startEngine, type RunningEngine } from '../../local/engine.js';
import { eventually } from '../steps/then-steps.js';

const fixtureAssembly = path.resolve(import.meta.dirname, '../.out/engine-stack.cdk.out');
const fixtureResolvers = path.resolve(import.meta.dirname, '../fixtures/engine-stack/resolvers');

async function ping(engine: RunningEngine): Promise<unknown> {
  const response = await fetch(engine.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': engine.apiKeys[0].value },
    body: JSON.stringify({ query: '{ ping }' }),
  });
  return response.json();
}

describe('watch mode: an edited resolver runs on the next request, without a restart', () => {
  let engine: RunningEngine;
  let watcher: { close(): void };
  let checkout: string;
  const log: string[] = [];

  beforeAll(async () => {
    engine = await startEngine({ assemblyDir: fixtureAssembly, dataDir: null, port: 0, dynamoDbEndpoint: inject('dynamoDbEndpoint') });
    // a copy of the sources at the same relative place, so the fixture itself is never edited
    checkout = mkdtempSync(path.join(tmpdir(), 'watch-mode-'));
    cpSync(fixtureResolvers, path.join(checkout, 'fixtures/engine-stack/resolvers'), { recursive: true });
    watcher = watchResolvers(checkout, engine.resolverCode, (line) => log.push(line));
  });

  afterAll(async () => {
    watcher?.close();
    await engine?.stop();
  });

  it('re-bundles the saved file and answers with the new code over HTTP', async () => {
    expect(await ping(engine)).toEqual({ data: { ping: 'pong' } });
    const file = path.join(checkout, 'fixtures/engine-stack/resolvers/Query.ping.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace("payload: 'pong'", "payload: 'pong, edited'"));
    await eventually(async () => expect(await ping(engine)).toEqual({ data: { ping: 'pong, edited' } }));
    expect(log.some((line) => line.includes('Query.ping.ts: 1 resolver bundle(s) swapped'))).toBe(true);
  });

  it('keeps the running code when the edit breaks an APPSYNC_JS rule, and says why', async () => {
    const file = path.join(checkout, 'fixtures/engine-stack/resolvers/Query.ping.ts');
    writeFileSync(
      file,
      'export function request() {\n  try { return { payload: 1 }; } catch (e) { return null; }\n}\nexport function response(ctx) { return ctx.result; }\n',
    );
    await eventually(async () => expect(log.some((line) => line.includes('not reloaded, the previous code keeps running'))).toBe(true));
    expect(await ping(engine)).toEqual({ data: { ping: 'pong, edited' } });
  });
});
