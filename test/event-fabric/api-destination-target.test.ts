import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiDestinationModel } from '../../local/assembly/event-fabric-model.js';
import { apiDestinationTarget, pacer } from '../../local/events/targets/api-destination.js';
import { TargetFailure } from '../../local/events/targets/index.js';

const calls: Array<{ headers: IncomingHttpHeaders; url: string; body: string }> = [];
let respondWith = 200;
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    calls.push({ headers: req.headers, url: req.url!, body });
    res.writeHead(respondWith).end();
  });
});
let endpoint = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}/partner`;
});
afterAll(() => void server.close());

const destination = (overrides: Partial<ApiDestinationModel> = {}): ApiDestinationModel => ({
  logicalId: 'Partner',
  name: 'partner',
  arn: 'arn:aws:events:us-east-1:000000000000:api-destination/partner/local',
  endpoint,
  httpMethod: 'POST',
  rateLimitPerSecond: null,
  auth: { type: 'API_KEY', name: 'x-partner-key', value: 'secret' },
  headers: { 'x-connection': 'yes' },
  ...overrides,
});

describe('API destination targets', () => {
  it('calls the endpoint with the connection’s auth and parameters and the target’s HTTP parameters', async () => {
    calls.length = 0;
    await apiDestinationTarget(destination(), { headers: { 'x-target': 't' }, queryString: { tenant: 'acme' } }).deliver('{"hello":1}');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      url: '/partner?tenant=acme',
      body: '{"hello":1}',
      headers: { 'x-partner-key': 'secret', 'x-connection': 'yes', 'x-target': 't' },
    });
    await apiDestinationTarget(destination({ auth: { type: 'BASIC', username: 'u', password: 'p' } }), null).deliver('{}');
    expect(calls[1].headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });

  it('keeps to InvocationRateLimitPerSecond: a burst of 5 at 20/s leaves 50 ms apart', async () => {
    // the engine's clock, not the wall clock: what is asserted is the schedule, whatever the machine's load
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const pace = pacer(20);
      const released: number[] = [];
      const burst = Array.from({ length: 5 }, () => pace().then(() => released.push(Date.now() - 1_000_000)));
      await vi.runAllTimersAsync();
      await Promise.all(burst);
      expect(released).toEqual([0, 50, 100, 150, 200]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('retries 429 and 5xx, but sends other 4xx straight to the DLQ', async () => {
    const failure = async (status: number) => {
      respondWith = status;
      try {
        await apiDestinationTarget(destination(), null).deliver('{}');
        throw new Error('expected a failure');
      } catch (error) {
        return error as TargetFailure;
      } finally {
        respondWith = 200;
      }
    };
    expect(await failure(503)).toMatchObject({ code: '503', retryable: true });
    expect(await failure(429)).toMatchObject({ code: '429', retryable: true });
    expect(await failure(400)).toMatchObject({ code: '400', retryable: false });
  });
});
