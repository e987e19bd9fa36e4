import { requiredEnv } from '../lib/env.js';
import { eventConsumer } from '../lib/event-consumer.js';
import { publishEvents } from '../lib/publish-events.js';
import { MANUFACTURER_NOTICE_PREPARED, type ManufacturerNoticePreparedData, type ProductRegisteredData } from '../../schema/events.js';
import { registrationNoticeXml } from './translate.js';

const busName = requiredEnv('BUS_NAME');
/** `{ "<manufacturer id>": "JSON" | "XML" }`, from the stage's configuration */
const formats = JSON.parse(requiredEnv('MANUFACTURER_FORMATS')) as Record<string, 'JSON' | 'XML'>;

/**
 * Prepares the one notice a manufacturer gets per registration and hands it back to the bus, where that
 * manufacturer's rule sends it through its API destination (connection key, rate limit, retries, DLQ). Two jobs:
 * - deduplication: product_registered arrives twice (the fast path and the outbox); an API destination cannot
 *   drop the copy, so this idempotent step publishes the notice once per event_id;
 * - the anti-corruption layer: for an XML manufacturer the notice carries our event in its XML vocabulary.
 * The notice is a pure function of the event, so a retry publishes the same notice under the same id.
 */
export const handler = eventConsumer<ProductRegisteredData, { prepared: boolean }>('manufacturer-notices', async (event, logger) => {
  const data = event.detail.data;
  const format = formats[data.manufacturerId];
  if (!format) {
    logger.warn('no manufacturer configured with this id: nobody to notify', { manufacturerId: data.manufacturerId });
    return { prepared: false };
  }
  const eventId = event.detail.metadata.event_id;
  const notice: ManufacturerNoticePreparedData = {
    manufacturerId: data.manufacturerId,
    format,
    noticeId: eventId,
    registrationId: data.registrationId,
    sku: data.sku,
    productName: data.productName,
    serialNumber: data.serialNumber,
    purchaseDate: data.purchaseDate,
    registeredAt: data.registeredAt,
    xml: format === 'XML' ? registrationNoticeXml(eventId, data) : null,
  };
  await publishEvents(busName, [
    {
      type: MANUFACTURER_NOTICE_PREPARED,
      eventId: `${eventId}:manufacturer`,
      correlationId: event.detail.metadata.correlation_id ?? eventId,
      data: notice,
    },
  ]);
  logger.info('manufacturer notice prepared', { manufacturerId: data.manufacturerId, format });
  return { prepared: true };
});
