import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOutsideWorld, type OutsideWorld } from '../../local/dev/outside-world/server.js';
import type { ReceivedRequest } from '../../local/dev/outside-world/received-requests.js';
import { eventually } from '../steps/then-steps.js';
import { weSendRaw } from '../steps/when-steps.js';

let world: OutsideWorld;
beforeAll(async () => {
  world = await startOutsideWorld({ port: 0 });
});
afterAll(() => world.stop());
beforeEach(async () => {
  await weSendRaw(`${world.url}/_received`, { method: 'DELETE' });
  await weSendRaw(`${world.url}/_outage`, { method: 'DELETE' });
});

const received = async (prefix = ''): Promise<ReceivedRequest[]> =>
  (await weSendRaw(`${world.url}/_received?path=${encodeURIComponent(prefix)}`, { method: 'GET' })).body;

describe('the outside world stand-in', () => {
  it('answers any request 200 with an id, and records it as it arrived', async () => {
    const body = '{"ticket":"T-1"}';
    const answer = await weSendRaw(`${world.url}/crm/tickets?source=test`, {
      body,
      headers: { 'content-type': 'application/json', 'idempotency-key': 'key-1' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    const [request] = await received('/crm');
    expect(request).toMatchObject({
      id: answer.body.id,
      method: 'POST',
      path: '/crm/tickets',
      query: 'source=test',
      body,
      answeredStatus: 200,
    });
    expect(request.headers['idempotency-key']).toBe('key-1');
    expect(Date.parse(request.receivedAt)).toBeGreaterThan(Date.now() - 10_000);
  });

  it('lists by path prefix, and forgets on DELETE', async () => {
    await weSendRaw(`${world.url}/partners/acme/webhook`, { body: 'a=1' });
    await weSendRaw(`${world.url}/mail/send`, { body: '{}' });
    expect((await received('/partners')).map((request) => request.path)).toEqual(['/partners/acme/webhook']);
    expect(await received()).toHaveLength(2);
    expect((await weSendRaw(`${world.url}/_received`, { method: 'DELETE' })).body).toEqual({ cleared: 2 });
    expect(await received()).toEqual([]);
  });

  it('answers an outage’s status under its prefix until it passes, still recording the requests', async () => {
    const staged = await weSendRaw(`${world.url}/_outage`, {
      body: JSON.stringify({ pathPrefix: '/partners/acme', status: 503, forMs: 300 }),
    });
    expect(staged.status, staged.text).toBe(201);

    expect((await weSendRaw(`${world.url}/partners/acme/webhook`, { body: '1' })).status).toBe(503);
    expect((await weSendRaw(`${world.url}/partners/globex/webhook`, { body: '2' })).status).toBe(200);
    // a partner's client retries until the outage has passed
    await eventually(async () => expect((await weSendRaw(`${world.url}/partners/acme/webhook`, { body: '3' })).status).toBe(200));
    const answers = (await received('/partners')).map((request) => [request.body, request.answeredStatus]);
    expect(answers.slice(0, 2)).toEqual([
      ['1', 503],
      ['2', 200],
    ]);
    expect(answers.at(-1)).toEqual(['3', 200]);
    expect(answers.slice(2, -1).every(([body, status]) => body === '3' && status === 503)).toBe(true);
  });

  it('ends every outage on DELETE /_outage', async () => {
    await weSendRaw(`${world.url}/_outage`, { body: JSON.stringify({ pathPrefix: '/crm', status: 500, forMs: 60_000 }) });
    expect((await weSendRaw(`${world.url}/crm/tickets`, { body: '{}' })).status).toBe(500);
    expect((await weSendRaw(`${world.url}/_outage`, { method: 'DELETE' })).body).toEqual({ ended: 1 });
    expect((await weSendRaw(`${world.url}/crm/tickets`, { body: '{}' })).status).toBe(200);
  });

  it('refuses a malformed outage with a message saying what is wrong', async () => {
    for (const [body, message] of [
      ['not json', /must be JSON/],
      [JSON.stringify({ pathPrefix: 'crm', status: 503, forMs: 1000 }), /pathPrefix/],
      [JSON.stringify({ pathPrefix: '/crm', status: 200, forMs: 1000 }), /status/],
      [JSON.stringify({ pathPrefix: '/crm', status: 503 }), /forMs/],
    ] as const) {
      const answer = await weSendRaw(`${world.url}/_outage`, { body });
      expect(answer.status).toBe(400);
      expect(answer.body.message).toMatch(message);
    }
  });
});
