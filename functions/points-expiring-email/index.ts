import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { requiredEnv } from '../lib/env.js';
import { eventConsumer } from '../lib/event-consumer.js';
import type { PointsExpiringData } from '../../schema/events.js';
import { memberAddressOf } from './member-email.js';
import { expiryWarningEmailOf } from './message.js';

const ses = new SESv2Client({});
const userPoolId = requiredEnv('USER_POOL_ID');
const fromAddress = requiredEnv('FROM_ADDRESS');

/**
 * Emails a member that points are about to expire (`points_expiring`, from the account job), once per event:
 * idempotency on event_id, and a failed lookup or refused send fails the invocation before anything is recorded,
 * so the retry sends the one email.
 */
export const handler = eventConsumer<PointsExpiringData, { messageId: string | null }>('points-expiring-email', async (event, logger) => {
  const data = event.detail.data;
  const address = await memberAddressOf(userPoolId, data.customerId);
  if (address.kind !== 'email') {
    // Nothing a retry could change: a deleted member or one without a verified email stays so. Succeeding (and so
    // recording the event as handled) keeps it out of the retries and the DLQ, where it would only be noise.
    logger.warn('no email is sent', { reason: address.kind, customerId: data.customerId });
    return { messageId: null };
  }
  const { subject, text, html } = expiryWarningEmailOf(data);
  const sent = await ses.send(
    new SendEmailCommand({
      FromEmailAddress: fromAddress,
      Destination: { ToAddresses: [address.email] },
      Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: text }, Html: { Data: html } } } },
      EmailTags: [{ Name: 'event_id', Value: event.detail.metadata.event_id.replace(/[^A-Za-z0-9_-]/g, '_') }],
    }),
  );
  logger.info('expiry warning emailed', { messageId: sent.MessageId, customerId: data.customerId, expiresAt: data.expiresAt });
  return { messageId: sent.MessageId ?? null };
});
