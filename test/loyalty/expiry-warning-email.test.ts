/**
 * Points about to expire reach their member by email: the account job's points_expiring goes to its own consumer,
 * which finds the member's address in the user pool (ListUsers by sub, with the function's own IAM credentials) and
 * sends it through SES (the engine's mailbox). A redelivered event sends nothing more; a member the pool does not
 * know gets no email and no retries.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { envelopeOf, POINTS_EXPIRING } from '../../schema/events.js';
import { aFreshCustomer } from '../steps/customer-steps.js';
import { theSettledDeliveries } from '../steps/event-steps.js';
import { theProductApi } from '../steps/given-steps.js';
import { someIssuedCodes, weRedeem } from '../steps/gift-code-steps.js';
import { theAccountJobRunsFor, theAccountOf } from '../steps/loyalty-steps.js';
import { everyEventIsDeliveredAgain, theEngine, theEventsOf, theSentEmails } from '../steps/registration-steps.js';
import { eventually, itSucceeded } from '../steps/then-steps.js';
import { weSendRaw } from '../steps/when-steps.js';

const api = theProductApi();
const DAY = 86_400_000;
const warningsTo = async (address: string) =>
  (await theSentEmails(api)).filter((email) => email.to.includes(address) && email.subject.includes('expire on'));

describe('the expiry warning email', () => {
  it('tells a member how many points expire on which day, once, even when the event is delivered again', async () => {
    const member = await aFreshCustomer(api);
    const [code] = await someIssuedCodes(api, { value: { kind: 'POINTS', amount: 1250 } });
    itSucceeded(await weRedeem(api, member.caller, code));
    const earned = await eventually(async () => {
      const account = await theAccountOf(api, member.caller);
      expect(account.balance).toBe(1250);
      return account.ledger.items[0];
    }, 20_000);
    const day = earned.expiresAt.slice(0, 10);

    // ten days before the points expire, inside the 30-day warning period
    const result = await theAccountJobRunsFor(api, member.sub, new Date(Date.parse(earned.expiresAt) - 10 * DAY).toISOString());
    expect(result).toEqual({ members: 1, events: 1 });
    const address = `${member.username}@example.com`;
    const [email] = await eventually(async () => {
      const sent = await warningsTo(address);
      expect(sent).toHaveLength(1);
      return sent;
    }, 20_000);
    expect(email).toMatchObject({ to: [address], subject: `1,250 points expire on ${day}` });
    expect(email.text).toContain(`1,250 of your loyalty points expire on ${day}`);

    const warningId = `expiring:${member.sub}:${earned.expiresAt}`;
    expect(await everyEventIsDeliveredAgain(api, warningId, (entry) => entry.event['detail-type'] === 'points_expiring')).toBe(1);
    const deliveries = await eventually(async () => {
      const logged = (await theEventsOf(api, warningId)).filter((entry) => entry.event['detail-type'] === 'points_expiring');
      expect(logged).toHaveLength(2);
      return Promise.all(logged.map((entry) => theSettledDeliveries(theEngine(api), entry.event.id, 20_000)));
    }, 20_000);
    expect(deliveries.flat().map((delivery) => delivery.status)).toEqual(['delivered', 'delivered']);
    expect(await warningsTo(address)).toHaveLength(1);
  });

  it('sends nothing, and does not retry, for a member the user pool no longer has', async () => {
    const gone = randomUUID();
    const eventId = `expiring:${gone}:2027-01-01T00:00:00.000Z`;
    const detail = envelopeOf({
      type: POINTS_EXPIRING,
      eventId,
      correlationId: eventId,
      data: { customerId: gone, points: 40, expiresAt: '2027-01-01T00:00:00.000Z' },
    });
    const published = await weSendRaw(api.url.replace('/graphql', '/_aws/eventbridge'), {
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
      body: JSON.stringify({
        Entries: [
          {
            EventBusName: 'LoyaltyGraph-events',
            Source: POINTS_EXPIRING.source,
            DetailType: POINTS_EXPIRING.name,
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    });
    expect(published.body.FailedEntryCount, published.text).toBe(0);
    const [logged] = await eventually(async () => {
      const events = await theEventsOf(api, eventId);
      expect(events).toHaveLength(1);
      return events;
    });
    const deliveries = await theSettledDeliveries(theEngine(api), logged.event.id, 20_000);
    expect(deliveries).toEqual([expect.objectContaining({ status: 'delivered', attempts: 1, lastError: null })]);
    expect((await theSentEmails(api)).filter((email) => email.subject.includes('40 points expire on 2027-01-01'))).toEqual([]);
  });
});
