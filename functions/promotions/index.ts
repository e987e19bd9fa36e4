import { requiredEnv } from '../lib/env.js';
import { MalformedEventError } from '../lib/errors.js';
import { eventConsumer } from '../lib/event-consumer.js';
import { publishEvents } from '../lib/publish-events.js';
import { DISCOUNT_CODE_GENERATED, type DiscountCodeGeneratedData, type ProductRegisteredData } from '../../schema/events.js';
import { discountCodeFor } from './discount-codes.js';

const table = requiredEnv('PROMOTIONS_TABLE');
const busName = requiredEnv('BUS_NAME');

/**
 * Promotions: a registered product earns the product's discount as a code of its own, announced by
 * discount_code_generated (its id derived from the registration's, so a retry publishes the same event).
 */
export const handler = eventConsumer<ProductRegisteredData, { registrationId: string }>('promotions', async (event, logger) => {
  const registered = event.detail.data;
  if (!registered?.registrationId || !registered.customerId || !registered.discount)
    throw new MalformedEventError('product_registered without registrationId, customerId or discount');
  const item = await discountCodeFor(table, registered, new Date());
  const { status: _status, ...code } = item;
  const data: DiscountCodeGeneratedData = { ...code, productName: registered.productName, customerEmail: registered.customerEmail };
  await publishEvents(busName, [
    {
      type: DISCOUNT_CODE_GENERATED,
      eventId: `${event.detail.metadata.event_id}:discount`,
      correlationId: event.detail.metadata.correlation_id ?? event.detail.metadata.event_id,
      data,
    },
  ]);
  logger.info('discount code generated', { registrationId: registered.registrationId });
  // the code itself stays out of the idempotency record
  return { registrationId: registered.registrationId };
});
