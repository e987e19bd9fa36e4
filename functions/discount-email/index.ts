import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { requiredEnv } from '../lib/env.js';
import { eventConsumer } from '../lib/event-consumer.js';
import { publishEvents } from '../lib/publish-events.js';
import { DISCOUNT_CODE_EMAILED, type DiscountCodeGeneratedData } from '../../schema/events.js';
import { discountEmailOf } from './message.js';

const ses = new SESv2Client({});
const fromAddress = requiredEnv('FROM_ADDRESS');
const busName = requiredEnv('BUS_NAME');

/**
 * Emails a generated discount code to its owner with SES (SESv2 SendEmail; locally the engine answers it). Once per
 * event: idempotency on event_id, and a refused send fails the invocation before anything is recorded, so the
 * retry sends the one email. Then discount_code_emailed ticks the registration's step.
 */
export const handler = eventConsumer<DiscountCodeGeneratedData, { messageId: string | null }>('discount-email', async (event, logger) => {
  const data = event.detail.data;
  if (!data.customerEmail) {
    logger.warn('the customer signed in without an email claim: no email is sent');
    return { messageId: null };
  }
  const { subject, text, html } = discountEmailOf(data);
  const sent = await ses.send(
    new SendEmailCommand({
      FromEmailAddress: fromAddress,
      Destination: { ToAddresses: [data.customerEmail] },
      Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: text }, Html: { Data: html } } } },
      EmailTags: [{ Name: 'event_id', Value: event.detail.metadata.event_id.replace(/[^A-Za-z0-9_-]/g, '_') }],
    }),
  );
  logger.info('discount code emailed', { messageId: sent.MessageId, registrationId: data.registrationId });
  await publishEvents(busName, [
    {
      type: DISCOUNT_CODE_EMAILED,
      eventId: `${event.detail.metadata.event_id}:emailed`,
      correlationId: event.detail.metadata.correlation_id ?? event.detail.metadata.event_id,
      data: { customerId: data.customerId, registrationId: data.registrationId, at: new Date().toISOString() },
    },
  ]);
  return { messageId: sent.MessageId ?? null };
});
