import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DomainEvent, GiftCodeRedeemedData } from '../../schema/events.js';
import { surfacedValue } from '../../schema/gift-code-value.js';

/**
 * What a partner receives when one of its codes is redeemed, in the format it chose, and how it can tell the
 * request came from us: `X-Loyalty-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * Pure functions: the consumer uses them to send, partners (and tests) to verify.
 */

export const WEBHOOK_FORMATS = ['LOYALTY_JSON_V1', 'FLAT_FORM_V1'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const PARTNER_EVENT_TYPE = 'gift_code.redeemed';

export interface WebhookBody {
  contentType: string;
  body: string;
}

export function isWebhookFormat(format: unknown): format is WebhookFormat {
  return WEBHOOK_FORMATS.includes(format as WebhookFormat);
}

export function webhookBodyOf(format: WebhookFormat, event: DomainEvent<GiftCodeRedeemedData>): WebhookBody {
  const { redemptionId, last4, batchId, redeemedAt } = event.detail.data;
  const value = surfacedValue(event.detail.data.value);
  const eventId = event.detail.metadata.event_id;
  if (format === 'FLAT_FORM_V1') {
    const fields = new URLSearchParams({
      event_type: PARTNER_EVENT_TYPE,
      event_id: eventId,
      code_last4: last4,
      code_batch_id: batchId,
      value_kind: value.kind,
      value_amount: String(value.amount),
      currency: value.currency ?? '',
      redeemed_at: redeemedAt,
      redemption_id: redemptionId,
    });
    return { contentType: 'application/x-www-form-urlencoded', body: fields.toString() };
  }
  const body = {
    event: PARTNER_EVENT_TYPE,
    id: eventId,
    occurred_at: redeemedAt,
    code: { last4, batch_id: batchId },
    value,
    redemption_id: redemptionId,
  };
  return { contentType: 'application/json', body: JSON.stringify(body) };
}

/** The `X-Loyalty-Signature` value for a body sent at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body)}`;
}

/**
 * True when `header` signs `body` with `secret` and was made within `toleranceSeconds` of `now` (which bounds
 * replays). Several `v1` entries are accepted, so a partner can check during a secret rotation.
 */
export function verifySignature(secret: string, header: string, body: string, toleranceSeconds: number, now = Date.now()): boolean {
  const entries = header.split(',').map((part) => part.trim().split('='));
  const timestamps = entries.filter(([key]) => key === 't').map(([, value]) => value);
  if (timestamps.length !== 1 || !/^\d+$/.test(timestamps[0])) return false;
  const timestamp = Number(timestamps[0]);
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  return entries
    .filter(([key, value]) => key === 'v1' && /^[0-9a-f]{64}$/.test(value ?? ''))
    .some(([, value]) => timingSafeEqual(Buffer.from(value, 'hex'), expected));
}

function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}
