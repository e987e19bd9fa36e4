import { requiredEnv } from '../lib/env.js';
import { eventConsumer } from '../lib/event-consumer.js';
import { publishEvents } from '../lib/publish-events.js';
import { MANUFACTURER_NOTICE_TRANSLATED, REGISTRATION_SOURCE, type ProductRegisteredData } from '../lib/registration-events.js';
import { registrationNoticeXml } from './translate.js';

const busName = requiredEnv('BUS_NAME');

/**
 * Translates product_registered into the XML an XML manufacturer takes and hands it back to the bus, where that
 * manufacturer's rule sends it through its API destination (connection key, rate limit, retries, DLQ). The
 * translation is a pure function of the event, so a retry publishes the same notice under the same id.
 */
export const handler = eventConsumer<ProductRegisteredData, { translated: true }>('manufacturer-xml', async (event, logger) => {
  const data = event.detail.data;
  await publishEvents(busName, [
    {
      source: REGISTRATION_SOURCE,
      subdomain: 'manufacturers',
      name: MANUFACTURER_NOTICE_TRANSLATED,
      eventId: `${event.detail.metadata.event_id}:xml`,
      correlationId: event.detail.metadata.correlation_id ?? event.detail.metadata.event_id,
      data: {
        manufacturerId: data.manufacturerId,
        registrationId: data.registrationId,
        xml: registrationNoticeXml(event.detail.metadata.event_id, data),
      },
    },
  ]);
  logger.info('manufacturer notice translated to XML', { manufacturerId: data.manufacturerId });
  return { translated: true };
});
