import { requiredEnv } from '../lib/env.js';
import { DELIVERY_BUDGET_MS, deliver } from '../lib/http-delivery.js';
import { publishEvents } from '../lib/publish-events.js';
import { PRODUCT_REGISTERED, REGISTRATION_SUPPORT_INFORMED, type ProductRegisteredData } from '../../schema/events.js';
import { sqsEventConsumer } from '../lib/sqs-event-consumer.js';

const crmApiUrl = requiredEnv('CRM_API_URL');
const busName = requiredEnv('BUS_NAME');

/**
 * Tells customer support's CRM about every registration, from a queue that buffers and retries for it (as for gift
 * codes), then ticks the registration's step. `Idempotency-Key` lets the CRM drop a repeat we could not avoid.
 */
export const handler = sqsEventConsumer<ProductRegisteredData, { notified: boolean }>(
  'registration-support',
  async (event, logger) => {
    if (event['detail-type'] !== PRODUCT_REGISTERED.name) {
      logger.warn('not a product_registered event: the CRM is not told');
      return { notified: false };
    }
    const { registrationId, customerId, sku, productName, serialNumber, purchaseDate, manufacturerId, registeredAt } = event.detail.data;
    const { status } = await deliver({
      target: 'CRM',
      url: crmApiUrl,
      headers: { 'content-type': 'application/json', 'Idempotency-Key': event.detail.metadata.event_id },
      body: JSON.stringify({
        type: PRODUCT_REGISTERED.name,
        eventId: event.detail.metadata.event_id,
        registrationId,
        customerId,
        sku,
        productName,
        serialNumber,
        purchaseDate,
        manufacturerId,
        occurredAt: registeredAt,
      }),
    });
    logger.info('CRM notified', { status });
    await publishEvents(busName, [
      {
        type: REGISTRATION_SUPPORT_INFORMED,
        eventId: `${event.detail.metadata.event_id}:support`,
        correlationId: event.detail.metadata.correlation_id ?? event.detail.metadata.event_id,
        data: { customerId, registrationId, at: new Date().toISOString() },
      },
    ]);
    return { notified: true };
  },
  { maxMessageMillis: DELIVERY_BUDGET_MS + 1_000 },
);
