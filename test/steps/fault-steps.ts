/** Given/when/then steps for staged failures: arm, list and clear faults at `/_local/faults`. */
import { expect } from 'vitest';
import type { ArmedFault } from '../../local/faults/fault-injector.js';
import type { FabricApi } from './event-steps.js';
import { weSendGraphQL, weSendRaw, type HttpResult } from './when-steps.js';

const faultsUrl = (api: { url: string }) => api.url.replace('/graphql', '/_local/faults');

// ---- given

export async function aFaultIsArmed(api: FabricApi, fault: Record<string, unknown>): Promise<ArmedFault> {
  const result = await weArmAFault(api, fault);
  expect(result.status, result.text).toBe(201);
  return result.body.fault;
}

// ---- when

export function weArmAFault(api: FabricApi, body: Record<string, unknown> | string): Promise<HttpResult> {
  return weSendRaw(faultsUrl(api), {
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
}

export async function weClearTheFaults(api: FabricApi): Promise<number> {
  const result = await weSendRaw(faultsUrl(api), { method: 'DELETE' });
  expect(result.status, result.text).toBe(200);
  return result.body.cleared;
}

/** Publishes through the fixture API's EventBridge resolver, and returns what PutEvents answered, failures included. */
export async function aResolverTriesToPublish(
  api: FabricApi,
  event: { source: string; detailType: string; detail: unknown },
): Promise<{ eventIds: string[]; failed: number }> {
  const result = await weSendGraphQL(
    api,
    {
      query: 'mutation($s: String!, $t: String!, $d: AWSJSON!) { publish(source: $s, detailType: $t, detail: $d) { eventIds failed } }',
      variables: { s: event.source, t: event.detailType, d: JSON.stringify(event.detail) },
    },
    { 'x-api-key': api.apiKey },
  );
  expect(result.body.errors, result.text).toBeUndefined();
  return result.body.data.publish;
}

// ---- then

export async function theArmedFaults(api: FabricApi): Promise<ArmedFault[]> {
  const result = await weSendRaw(faultsUrl(api), { method: 'GET' });
  expect(result.status, result.text).toBe(200);
  return result.body.faults;
}

// ---- staged losses of a user's real-time connection

const outagesUrl = (api: { url: string }) => api.url.replace('/graphql', '/_local/realtime/outages');

export function weCallTheOutagesRoute(api: { url: string }, method: 'POST' | 'DELETE', body: string): Promise<HttpResult> {
  return weSendRaw(outagesUrl(api), { method, body, headers: { 'content-type': 'application/json' } });
}

/** The user's live connections drop and their new ones hang, as on a network that is gone; how many were cut. */
export async function theirLiveConnectionIsLost(api: { url: string }, sub: string): Promise<number> {
  const result = await weCallTheOutagesRoute(api, 'POST', JSON.stringify({ sub }));
  expect(result.status, result.text).toBe(200);
  return result.body.cut;
}

export async function theirNetworkIsBack(api: { url: string }, sub: string): Promise<void> {
  const result = await weCallTheOutagesRoute(api, 'DELETE', JSON.stringify({ sub }));
  expect(result.status, result.text).toBe(200);
  expect(result.body.ended).toBe(true);
}
