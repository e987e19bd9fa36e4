import type { Logger } from '@aws-lambda-powertools/logger';
import { MalformedEventError } from '../lib/errors.js';
import { requiredEnv } from '../lib/env.js';
import { eventConsumer } from '../lib/event-consumer.js';
import {
  GIFT_CODE_REDEEMED,
  PRODUCT_REGISTERED,
  type DomainEvent,
  type GiftCodeRedeemedData,
  type ProductRegisteredData,
} from '../../schema/events.js';
import { publishEvents } from '../lib/publish-events.js';
import { creditPoints, grantDiscount } from './ledger.js';
import { earnedEvents } from './earned-events.js';
import { redemptionFailedEvent, valueAppliedEvent } from './outcome-events.js';
import { applicableValue } from './redemption-value.js';
import { creditRegistration, type RegistrationCredit } from './registration-points.js';

const loyaltyTable = requiredEnv('LOYALTY_TABLE');
const busName = requiredEnv('BUS_NAME');

/** Kept by the idempotency record (so no undefined values): what a duplicate delivery is answered. */
export type LedgerOutcome =
  { status: 'VALUE_APPLIED'; eventId: string } | { status: 'FAILED'; eventId: string; reason: string } | RegistrationCredit;

/** The other domains' events the ledger credits: a redeemed gift code's value, a registered product's points. */
export const handler = eventConsumer<unknown, LedgerOutcome>('loyalty-ledger', async (event, logger) => {
  switch (event['detail-type']) {
    case GIFT_CODE_REDEEMED.name:
      return applyRedeemedValue(event as DomainEvent<GiftCodeRedeemedData>, logger);
    case PRODUCT_REGISTERED.name: {
      const credit = await creditRegistration(loyaltyTable, event as DomainEvent<ProductRegisteredData>);
      logger.info(credit.outcome.status === 'NO_POINTS' ? 'the product earns no points' : 'registration points credited', credit.outcome);
      await publishEvents(busName, credit.events);
      return credit.outcome;
    }
    default:
      // the rule sends nothing else: an event here is a wiring mistake, retried then parked in the DLQ to be seen
      throw new MalformedEventError(`the ledger does not consume ${event['detail-type']}`);
  }
});

/**
 * Applies a redeemed gift code's value to the member: POINTS are credited to the ledger and the balance, a
 * DISCOUNT is granted; then `redemption_value_applied` tells the rest of the system (and, for points,
 * `points_earned` and any `tier_changed` the credit caused). A value that can never be
 * applied is reported as `redemption_failed` instead of being retried.
 */
async function applyRedeemedValue(event: DomainEvent<GiftCodeRedeemedData>, logger: Logger): Promise<LedgerOutcome> {
  const redeemed = event.detail.data;
  // the ledger's keys are built from these: without them there is nothing the ledger could write
  if (!redeemed?.customerId || !redeemed.redemptionId || !redeemed.redeemedAt)
    throw new MalformedEventError('gift_code_redeemed without customerId, redemptionId or redeemedAt');

  const checked = applicableValue(redeemed.value);
  if ('reason' in checked) {
    const failed = redemptionFailedEvent(event, checked.reason, new Date().toISOString());
    logger.warn('the redeemed value cannot be applied', { reason: checked.reason, value: redeemed.value });
    await publishEvents(busName, [failed]);
    return { status: 'FAILED', eventId: failed.eventId, reason: checked.reason };
  }

  const { value } = checked;
  const credited =
    value.kind === 'POINTS'
      ? await creditPoints(loyaltyTable, {
          customerId: redeemed.customerId,
          redemptionId: redeemed.redemptionId,
          originEventId: event.detail.metadata.event_id,
          points: value.amount,
          occurredAt: redeemed.redeemedAt,
          sourceType: 'GIFT_CODE',
          sourceId: redeemed.redemptionId,
        })
      : undefined;
  const applied =
    credited ?? (await grantDiscount(loyaltyTable, { customerId: redeemed.customerId, redemptionId: redeemed.redemptionId, value }));
  const appliedEvent = valueAppliedEvent(event, { value, ...applied });
  logger.info(applied.appliedNow ? 'value applied' : 'value was already applied by an earlier delivery', {
    kind: value.kind,
    amount: value.amount,
  });
  await publishEvents(busName, [appliedEvent, ...(credited ? earnedEvents(event, credited, 'GIFT_CODE', redeemed.redemptionId) : [])]);
  return { status: 'VALUE_APPLIED', eventId: appliedEvent.eventId };
}
