import { requiredEnv } from '../lib/env.js';
import { GIFT_CODE_REDEEMED, type GiftCodeRedeemedData } from '../../schema/events.js';
import { DELIVERY_BUDGET_MS, deliver } from '../lib/http-delivery.js';
import { sqsEventConsumer } from '../lib/sqs-event-consumer.js';
import { partnerWebhookOf } from './partners.js';
import { signatureHeader, webhookBodyOf } from './signed-webhook.js';

const partnersTable = requiredEnv('PARTNERS_TABLE');

/**
 * Tells the partner that issued a code that it was redeemed, through the partner's own webhook, in its format,
 * signed. The queue in front buffers bursts for the partner's rate limits and retries its failures.
 */
export const handler = sqsEventConsumer<GiftCodeRedeemedData, { delivered: boolean; status?: number }>(
  'partner-webhooks',
  async (event, logger) => {
    const { issuerId } = event.detail.data;
    const webhook =
      event['detail-type'] === GIFT_CODE_REDEEMED.name && issuerId ? await partnerWebhookOf(partnersTable, issuerId) : undefined;
    if (!webhook) {
      logger.info('no partner webhook for this event: nothing to deliver', { issuerId });
      return { delivered: false };
    }
    const { contentType, body } = webhookBodyOf(webhook.format, event);
    // signed when sent (not when first tried), so a retry still falls inside the partner's tolerance
    const signature = signatureHeader(webhook.signingSecret, body, Math.floor(Date.now() / 1000));
    const { status } = await deliver({
      target: `partner ${issuerId}`,
      url: webhook.url,
      headers: { 'content-type': contentType, 'X-Loyalty-Event-Id': event.detail.metadata.event_id, 'X-Loyalty-Signature': signature },
      body,
    });
    logger.info('partner webhook delivered', { issuerId, status });
    return { delivered: true, status };
  },
  { maxMessageMillis: DELIVERY_BUDGET_MS },
);
