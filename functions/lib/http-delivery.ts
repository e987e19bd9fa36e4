import { DeliveryFailedError } from './errors.js';

/** How long a third party may take to answer before the attempt counts as failed (and is retried). */
export const DELIVERY_TIMEOUT_MS = 5_000;
/** What one delivering message may take: the call, plus the idempotency record's reads and writes. */
export const DELIVERY_BUDGET_MS = DELIVERY_TIMEOUT_MS + 1_000;

export interface HttpDelivery {
  /** who is called, for the error message and the logs */
  target: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** POSTs once; anything but a 2xx answer in time throws DeliveryFailedError, so the caller's record is retried. */
export async function deliver({ target, url, headers, body }: HttpDelivery): Promise<{ status: number }> {
  let response: Response;
  let answer: string;
  try {
    response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
    // read the body either way, so the connection can be reused
    answer = await response.text();
  } catch (error) {
    throw new DeliveryFailedError(target, undefined, (error as Error).message, { cause: error });
  }
  if (!response.ok) throw new DeliveryFailedError(target, response.status, answer.slice(0, 200));
  return { status: response.status };
}
