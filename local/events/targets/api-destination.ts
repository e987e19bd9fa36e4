import type { ApiDestinationModel } from '../../assembly/event-fabric-model.js';
import { resolveSecretReferences } from '../../assembly/secret-references.js';
import { TargetFailure, type DeliveryTarget } from './types.js';

/** Statuses EventBridge retries for API destinations; any other 4xx goes straight to the DLQ. */
const RETRYABLE_STATUSES = new Set([401, 407, 409, 429]);

/**
 * An API destination: an HTTP call to the endpoint with the connection's authorization and parameters, at most
 * InvocationRateLimitPerSecond calls a second (excess calls wait their turn, as EventBridge queues them).
 */
export function apiDestinationTarget(
  destination: ApiDestinationModel,
  http: { headers: Record<string, string>; queryString: Record<string, string> } | null,
  secrets: Record<string, string> = {},
): DeliveryTarget {
  if (destination.auth.type === 'OAUTH_CLIENT_CREDENTIALS') {
    throw new Error(`API destination ${destination.name}: OAuth client-credentials connections are not run locally; use API_KEY or BASIC`);
  }
  const auth = destination.auth;
  // the connection's secret is read when calling, as EventBridge does: a secret not there fails the calls, not the start
  const authHeaders = (): Record<string, string> =>
    auth.type === 'API_KEY'
      ? { [auth.name]: resolveSecretReferences(auth.value, secrets) }
      : {
          authorization: `Basic ${Buffer.from(`${resolveSecretReferences(auth.username, secrets)}:${resolveSecretReferences(auth.password, secrets)}`).toString('base64')}`,
        };
  const pace = pacer(destination.rateLimitPerSecond);
  return {
    arn: destination.arn,
    async deliver(payloadText) {
      await pace();
      let credentials: Record<string, string>;
      try {
        credentials = authHeaders();
      } catch (error) {
        throw new TargetFailure('ConnectionAuthorizationFailed', (error as Error).message, false);
      }
      const url = new URL(destination.endpoint);
      for (const [key, value] of Object.entries(http?.queryString ?? {})) url.searchParams.set(key, value);
      const withBody = !['GET', 'HEAD'].includes(destination.httpMethod);
      let response: Response;
      try {
        response = await fetch(url, {
          method: destination.httpMethod,
          headers: { 'content-type': 'application/json; charset=utf-8', ...destination.headers, ...http?.headers, ...credentials },
          body: withBody ? payloadText : undefined,
          signal: AbortSignal.timeout(5000),
        });
        await response.arrayBuffer();
      } catch (error) {
        throw new TargetFailure('SDK_CLIENT_ERROR', `Unable to invoke ${destination.endpoint}: ${(error as Error).message}`);
      }
      if (response.ok) return;
      const retryable = response.status >= 500 || RETRYABLE_STATUSES.has(response.status);
      throw new TargetFailure(
        String(response.status),
        `The API destination endpoint responded with ${response.status} ${response.statusText}`,
        retryable,
      );
    },
  };
}

/** Spaces calls at least 1/limit seconds apart (wall clock: a rate limit protects a real third party). */
export function pacer(limitPerSecond: number | null): () => Promise<void> {
  if (!limitPerSecond) return async () => {};
  const spacingMs = 1000 / limitPerSecond;
  let nextSlot = 0;
  return () => {
    const now = Date.now();
    const slot = Math.max(now, nextSlot);
    nextSlot = slot + spacingMs;
    return new Promise((resolve) => setTimeout(resolve, slot - now));
  };
}
