import { instrumentedHandler, observability } from '../lib/observability.js';
import { codeDigest, isWellFormed, last4, normalizeCode } from './codes.js';

/** Longer input is not a code; it is cut here so no request can make the function hash megabytes. */
const MAX_INPUT_LENGTH = 200;

export interface DigestRequest {
  action: 'digest';
  code: unknown;
}

export interface DigestResult {
  codeHash: string;
  last4: string;
  wellFormed: boolean;
}

/**
 * The first step of the redeem and void pipelines (APPSYNC_JS has no hash function): the payload of the
 * pipeline's `Invoke` request is the event. Every input gets a digest of the same shape, malformed ones
 * included, so the answer does not tell a malformed code from an unknown one by its shape or timing.
 */
export const handler = instrumentedHandler(observability('gift-code-digest'), async (event: DigestRequest): Promise<DigestResult> => {
  if (event?.action !== 'digest') throw new Error(`Unsupported action: ${String(event?.action)}`);
  const acceptable = typeof event.code === 'string' && event.code.length <= MAX_INPUT_LENGTH;
  const input = typeof event.code === 'string' ? event.code.slice(0, MAX_INPUT_LENGTH) : '';
  const normalized = normalizeCode(input);
  return { codeHash: codeDigest(normalized), last4: last4(normalized), wellFormed: acceptable && isWellFormed(normalized) };
});
