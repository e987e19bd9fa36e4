import { MalformedEventError } from '../lib/errors.js';
import type { DomainEvent, ProductRegisteredData } from '../../schema/events.js';
import type { OutgoingEvent } from '../lib/publish-events.js';
import { earnedEvents } from './earned-events.js';
import { creditPoints } from './ledger.js';

/** What crediting a registration's points came to; kept by the idempotency record, so no undefined values. */
export type RegistrationCredit = { status: 'POINTS_CREDITED'; entryId: string } | { status: 'NO_POINTS'; registrationId: string };

/**
 * Credits a product registration's points (cross-domain decision): one EARNED entry per product_registered
 * event_id, sourced PRODUCT_REGISTRATION / the registration's id. The event arrives twice (the pipeline's publish
 * and the outbox's); both carry the same event_id and registeredAt, so the second finds the entry and credits
 * nothing. A product worth no points writes nothing.
 */
export async function creditRegistration(
  table: string,
  event: DomainEvent<ProductRegisteredData>,
): Promise<{ outcome: RegistrationCredit; events: OutgoingEvent[] }> {
  const registered = event.detail.data;
  if (!registered?.customerId || !registered.registrationId || !registered.registeredAt)
    throw new MalformedEventError('product_registered without customerId, registrationId or registeredAt');
  const points = Number(registered.registrationPoints ?? 0);
  if (!Number.isInteger(points) || points < 0) throw new MalformedEventError(`product_registered with registrationPoints ${points}`);
  if (points === 0) return { outcome: { status: 'NO_POINTS', registrationId: registered.registrationId }, events: [] };

  const credited = await creditPoints(table, {
    customerId: registered.customerId,
    originEventId: event.detail.metadata.event_id,
    points,
    occurredAt: registered.registeredAt,
    reason: 'PRODUCT_REGISTRATION',
    sourceType: 'PRODUCT_REGISTRATION',
    sourceId: registered.registrationId,
  });
  return {
    outcome: { status: 'POINTS_CREDITED', entryId: credited.entryId },
    events: earnedEvents(event, credited, 'PRODUCT_REGISTRATION', registered.registrationId),
  };
}
