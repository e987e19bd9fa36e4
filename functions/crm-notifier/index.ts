import { requiredEnv } from '../lib/env.js';
import { GIFT_CODE_REDEEMED, type GiftCodeRedeemedData } from '../../schema/events.js';
import { DELIVERY_BUDGET_MS, deliver } from '../lib/http-delivery.js';
import { sqsEventConsumer } from '../lib/sqs-event-consumer.js';
import { crmNotificationOf } from './crm-notification.js';

const crmApiUrl = requiredEnv('CRM_API_URL');

/**
 * Tells the CRM about every redemption, from a queue that buffers and retries for it. `Idempotency-Key` lets the
 * CRM drop a repeat we could not avoid (its answer was lost); our own idempotency avoids the others.
 */
export const handler = sqsEventConsumer<GiftCodeRedeemedData, { notified: boolean; status?: number }>(
  'crm-notifier',
  async (event, logger) => {
    if (event['detail-type'] !== GIFT_CODE_REDEEMED.name) {
      logger.warn('not a gift_code_redeemed event: the CRM is not told');
      return { notified: false };
    }
    const { status } = await deliver({
      target: 'CRM',
      url: crmApiUrl,
      headers: { 'content-type': 'application/json', 'Idempotency-Key': event.detail.metadata.event_id },
      body: JSON.stringify(crmNotificationOf(event)),
    });
    logger.info('CRM notified', { status });
    return { notified: true, status };
  },
  { maxMessageMillis: DELIVERY_BUDGET_MS },
);
