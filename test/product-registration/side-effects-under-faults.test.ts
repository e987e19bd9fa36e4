/**
 * The choreography after a registration on a bad day: every event delivered twice, the manufacturer down, SES
 * refusing a send, the bus refusing the pipeline's publish. Each participant still does its part exactly once.
 */
import { describe, expect, it } from 'vitest';
import { eventsCommand } from '../../local/events/events-command.js';
import { aFreshCustomer } from '../steps/customer-steps.js';
import { theDeadLetterQueue, weRedrive } from '../steps/event-steps.js';
import { aFaultIsArmed } from '../steps/fault-steps.js';
import { theProductApi } from '../steps/given-steps.js';
import { anOutage, whatTheOutsideWorldReceived } from '../steps/gift-code-steps.js';
import {
  aProduct,
  aRegistrant,
  aSerial,
  duplicatesHadTimeToArrive,
  everyEventIsDeliveredAgain,
  JSON_MANUFACTURER,
  theDiscountCodesOf,
  theEngine,
  theEventsOf,
  theOutageIsOver,
  theSentEmails,
  theStepsHappened,
  weRegister,
  XML_MANUFACTURER,
} from '../steps/registration-steps.js';
import { eventually, itSucceeded } from '../steps/then-steps.js';

const api = theProductApi();
const engine = theEngine(api);
const callsFor = async (path: string, registrationId: string) =>
  (await whatTheOutsideWorldReceived(path)).filter((request) => request.body.includes(registrationId));

/** How often each side effect of one registration happened. */
async function theSideEffectsOf(caller: Record<string, string>, registrationId: string, manufacturerPath: string) {
  const codes = (await theDiscountCodesOf(api, caller)).filter((code) => code.registrationId === registrationId);
  const emails = (await theSentEmails(api)).filter((email) => codes.some((code) => email.text?.includes(code.code)));
  return {
    codes: codes.length,
    emails: emails.length,
    crmTickets: (await callsFor('/crm/tickets', registrationId)).filter((call) => call.answeredStatus === 200).length,
    manufacturerCalls: (await callsFor(manufacturerPath, registrationId)).filter((call) => call.answeredStatus === 200).length,
  };
}

const ONE_OF_EACH = { codes: 1, emails: 1, crmTickets: 1, manufacturerCalls: 1 };

describe('after a registration, on a bad day', () => {
  it('does everything once when every event of the choreography is delivered twice', async () => {
    const product = await aProduct(api, { manufacturerId: XML_MANUFACTURER.id });
    const owner = aRegistrant(await aFreshCustomer(api));
    const registration = itSucceeded(await weRegister(api, owner, { sku: product.sku, serialNumber: aSerial() })).registerProduct;
    await theStepsHappened(api, owner, registration.id);
    await eventually(async () => expect(await theSideEffectsOf(owner, registration.id, XML_MANUFACTURER.path)).toEqual(ONE_OF_EACH));

    // the notice to the manufacturer is the one event not sent again: an API destination has no way to drop a
    // copy, so the manufacturer deduplicates on its eventId (what the idempotent step before it guarantees is
    // that the outbox's copy of product_registered never becomes a second notice)
    const events = await theEventsOf(api, registration.id);
    const redelivered = await everyEventIsDeliveredAgain(
      api,
      registration.id,
      (entry) => entry.event['detail-type'] !== 'manufacturer_notice_prepared',
    );
    expect(redelivered).toBeGreaterThanOrEqual(events.length - 2);
    await duplicatesHadTimeToArrive();
    await eventually(async () => {
      const settled = await theEventsOf(api, registration.id);
      expect(settled.flatMap((entry) => entry.deliveries).every((delivery) => delivery.status !== 'in-progress')).toBe(true);
    });
    expect(await theSideEffectsOf(owner, registration.id, XML_MANUFACTURER.path)).toEqual(ONE_OF_EACH);
  });

  it('retries a manufacturer that is down, parks the notice in its DLQ, and calls it once when redriven', async () => {
    const product = await aProduct(api, { manufacturerId: JSON_MANUFACTURER.id });
    const owner = aRegistrant(await aFreshCustomer(api));
    // long enough for all 9 attempts (at the tests' time scale, at most ~13 s), short enough to wait out
    await anOutage(JSON_MANUFACTURER.path, 20_000);
    const registration = itSucceeded(await weRegister(api, owner, { sku: product.sku, serialNumber: aSerial() })).registerProduct;

    const parked = await eventually(async () => {
      const dlq = await theDeadLetterQueue(engine, 'ManufacturerDlqnorthwind');
      const message = dlq.messages.find((candidate) => candidate.body.includes(registration.id));
      expect(message).toBeDefined();
      return { dlq, message: message! };
    }, 60_000);
    expect(Number(parked.message.messageAttributes.RETRY_ATTEMPTS.StringValue)).toBe(8);
    expect((await callsFor(JSON_MANUFACTURER.path, registration.id)).map((call) => call.answeredStatus)).toEqual(Array(9).fill(503));

    await theOutageIsOver(JSON_MANUFACTURER.path);
    await weRedrive(engine, parked.dlq.name, [parked.message.messageId]);
    await eventually(async () =>
      expect((await callsFor(JSON_MANUFACTURER.path, registration.id)).filter((call) => call.answeredStatus === 200)).toHaveLength(1),
    );
    await duplicatesHadTimeToArrive();
    expect(await theSideEffectsOf(owner, registration.id, JSON_MANUFACTURER.path)).toEqual(ONE_OF_EACH);
  });

  it('sends exactly one email when SES refuses the first send', async () => {
    const product = await aProduct(api, { manufacturerId: JSON_MANUFACTURER.id });
    const registrant = await aFreshCustomer(api);
    const owner = aRegistrant(registrant);
    await aFaultIsArmed(engine, {
      kind: 'ses.reject',
      count: 1,
      status: 400,
      errorCode: 'MessageRejected',
      matching: `${registrant.username}@example.com`,
    });
    const registration = itSucceeded(await weRegister(api, owner, { sku: product.sku, serialNumber: aSerial() })).registerProduct;

    await theStepsHappened(api, owner, registration.id);
    const emailDelivery = (await theEventsOf(api, registration.id))
      .filter((entry) => entry.event['detail-type'] === 'discount_code_generated')
      .flatMap((entry) => entry.deliveries)
      .find((delivery) => delivery.rule.includes('DiscountEmail'));
    expect(emailDelivery?.attemptLog?.map((attempt) => attempt.error)).toEqual([expect.any(String), null]);
    await duplicatesHadTimeToArrive();
    expect(await theSideEffectsOf(owner, registration.id, JSON_MANUFACTURER.path)).toEqual(ONE_OF_EACH);
  });

  it('still delivers the registration event once, through the outbox sweeper, when the bus refuses the pipeline publish', async () => {
    const product = await aProduct(api, { manufacturerId: JSON_MANUFACTURER.id });
    const owner = aRegistrant(await aFreshCustomer(api));
    const serialNumber = aSerial();
    await aFaultIsArmed(engine, { kind: 'eventbridge.reject', count: 1, source: 'registration.products', matching: serialNumber });
    const registration = itSucceeded(await weRegister(api, owner, { sku: product.sku, serialNumber })).registerProduct;

    await theStepsHappened(api, owner, registration.id);
    const registered = (await theEventsOf(api, registration.id)).filter((entry) => entry.event['detail-type'] === 'product_registered');
    expect(registered).toHaveLength(1);
    await eventually(async () => expect(await theSideEffectsOf(owner, registration.id, JSON_MANUFACTURER.path)).toEqual(ONE_OF_EACH));
  });

  it('prints the whole choreography of one registration as a tree', async () => {
    const product = await aProduct(api, { manufacturerId: XML_MANUFACTURER.id });
    const owner = aRegistrant(await aFreshCustomer(api));
    const registration = itSucceeded(await weRegister(api, owner, { sku: product.sku, serialNumber: aSerial() })).registerProduct;
    await theStepsHappened(api, owner, registration.id);
    await eventually(async () => expect(await callsFor(XML_MANUFACTURER.path, registration.id)).toHaveLength(1));

    const lines: string[] = [];
    const port = Number(new URL(api.url).port);
    await eventually(async () => {
      lines.length = 0;
      expect(await eventsCommand(['trace', registration.id], port, (line) => lines.push(line))).toBe(0);
      expect(lines.filter((line) => line.includes('in-progress'))).toEqual([]);
    });
    const tree = lines.join('\n');
    expect(lines[0]).toBe(`correlation ${registration.id}`);
    expect(lines[1]).toMatch(new RegExp(`^[└├]─ product_registered  registration\\.products  event_id ${registration.id}`));
    for (const expected of [
      'discount_code_generated',
      'discount_code_emailed',
      'registration_support_informed',
      'manufacturer_notice_prepared',
      'PromotionsServiceRule',
      'DiscountEmailRule',
      'NotifyManufacturercontosotools',
    ])
      expect(tree).toContain(expected);
    // the events a consumer caused hang under the event it handled
    const indentOf = (name: string) => lines.find((line) => line.includes(`─ ${name}`))!.search(/[└├]/);
    expect(indentOf('discount_code_emailed')).toBeGreaterThan(indentOf('discount_code_generated'));
    expect(indentOf('discount_code_generated')).toBeGreaterThan(indentOf('product_registered'));
    expect(tree).toMatch(/attempt 1 at \d\d:\d\d:\d\d\.\d{3}, \d+ ms: ok/);
    console.log(tree);
  });
});
