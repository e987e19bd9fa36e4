import { expect } from 'vitest';
import type { StartedSubscription } from './realtime-client.js';
import type { HttpResult } from './when-steps.js';

/** "Then" steps: what a client must observe. */

/** A field error in AppSync's entry shape. */
export function theFieldFailed(
  result: HttpResult,
  path: Array<string | number>,
  errorType: string | null,
  message?: string | RegExp,
): void {
  expect(result.status).toBe(200);
  const error = (result.body.errors ?? []).find((entry: { path: unknown }) => JSON.stringify(entry.path) === JSON.stringify(path));
  expect(error, `an error at ${JSON.stringify(path)} in ${result.text}`).toBeDefined();
  expect(Object.keys(error).sort()).toEqual(['data', 'errorInfo', 'errorType', 'locations', 'message', 'path']);
  expect(error.errorType).toBe(errorType);
  expect(error.locations[0]).toEqual({ line: expect.any(Number), column: expect.any(Number), sourceName: null });
  if (message !== undefined) expect(error.message).toMatch(message);
}

/** A request-level refusal: no data, one error with errorType and message. */
export function theRequestWasRefused(result: HttpResult, status: number, errorType: string, message?: string | RegExp): void {
  expect(result.status, result.text).toBe(status);
  expect(result.body).toEqual({ errors: [{ errorType, message: expect.any(String) }] });
  if (message !== undefined) expect(result.body.errors[0].message).toMatch(message);
}

export function itSucceeded(result: HttpResult): any {
  expect(result.status, result.text).toBe(200);
  expect(result.body.errors, result.text).toBeUndefined();
  return result.body.data;
}

/** The server acknowledged the start: the subscription is live. */
export function theSubscriptionStarted(subscription: StartedSubscription): void {
  expect(subscription.outcome, JSON.stringify(subscription.outcome)).toEqual({ type: 'start_ack', id: subscription.id });
}

/** The server answered the start with an error and the subscription is not live. */
export function theSubscriptionWasRefused(subscription: StartedSubscription, errorType: string | null, message?: string | RegExp): void {
  expect(subscription.outcome.type, JSON.stringify(subscription.outcome)).toBe('error');
  const [error] = subscription.outcome.payload.errors;
  expect(error.errorType ?? null).toBe(errorType);
  if (message !== undefined) expect(error.message).toMatch(message);
}

/** Waits for the subscription's `count`-th data message and returns all its payloads so far. */
export async function theSubscriberReceives(subscription: StartedSubscription, count = 1, timeoutMs = 5000): Promise<any[]> {
  const { client } = subscription.subscriber;
  await client.waitFor(() => client.dataOf(subscription.id).length >= count, timeoutMs, `${count} data message(s) for ${subscription.id}`);
  return client.dataOf(subscription.id);
}

/** Polls until `check` stops throwing (or returns a value), for what happens asynchronously. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
