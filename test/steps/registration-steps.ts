/** Steps for product registration, shared by its tests and benchmark: GraphQL over HTTP and WebSocket, as clients call it. */
import { randomUUID } from 'node:crypto';
import { expect, inject } from 'vitest';
import type { LoggedEvent } from '../../local/events/event-log.js';
import type { SentEmail } from '../../local/ses/mailbox.js';
import type { FreshCustomer } from './customer-steps.js';
import type { EngineUnderTest } from '../global-setup.js';
import type { FabricApi } from './event-steps.js';
import { theOutsideWorld } from './gift-code-steps.js';
import { aUserCaller } from './given-steps.js';
import { eventually, itSucceeded } from './then-steps.js';
import { weSendGraphQL, weSendRaw, type HttpResult } from './when-steps.js';

export { isWellFormedXml } from './xml.js';

export const REGISTRATION_FIELDS =
  'id customerId requestId sku productName serialNumber purchaseDate status steps { pointsAwarded discountIssued emailSent supportInformed } registeredAt updatedAt';
export const DISCOUNT_CODE_FIELDS = 'code customerId registrationId percentOff amountOff currency validUntil status issuedAt';
export const ON_DISCOUNT_ISSUED = `subscription Issued($customerId: ID!) { onDiscountIssued(customerId: $customerId) { ${DISCOUNT_CODE_FIELDS} } }`;
export const ON_REGISTRATION_UPDATED = `subscription Updated($customerId: ID!) { onRegistrationUpdated(customerId: $customerId) { ${REGISTRATION_FIELDS} } }`;

export const JSON_MANUFACTURER = { id: 'northwind-appliances', path: '/manufacturers/northwind', apiKey: 'local-northwind-key-0123456789' };
export const XML_MANUFACTURER = { id: 'contoso-tools', path: '/manufacturers/contoso', apiKey: 'local-contoso-key-0123456789' };

export function theEngine(api: EngineUnderTest): FabricApi {
  return { url: api.url, apiKey: api.apiKey, timeScale: inject('appTimeScale') };
}

// ---- given

/** A product of its own for one test (so serials and counts never collide across tests), upserted by an admin. */
export async function aProduct(
  api: EngineUnderTest,
  overrides: Partial<{ manufacturerId: string; serialPattern: string; registrationPoints: number; registrationWindowDays: number }> = {},
): Promise<{ sku: string; name: string; manufacturerId: string; registrationPoints: number }> {
  const sku = `SKU-${randomUUID().slice(0, 8)}`;
  const input = {
    sku,
    name: `Test product ${sku}`,
    manufacturerId: overrides.manufacturerId ?? JSON_MANUFACTURER.id,
    serialPattern: overrides.serialPattern ?? 'SN-[0-9]{6}',
    registrationPoints: overrides.registrationPoints ?? 250,
    discount: { percentOff: 15, validDays: 30 },
    registrationWindowDays: overrides.registrationWindowDays ?? 90,
    active: true,
  };
  const admin = await aUserCaller(api, 'admin');
  itSucceeded(
    await weSendGraphQL(
      api,
      { query: 'mutation Upsert($input: UpsertProductInput!) { upsertProduct(input: $input) { sku } }', variables: { input } },
      admin,
    ),
  );
  return { sku, name: input.name, manufacturerId: input.manufacturerId, registrationPoints: input.registrationPoints };
}

/** A customer's headers for registering: the ID token, which carries the email the discount code is sent to. */
export function aRegistrant(customer: FreshCustomer): Record<string, string> {
  return { authorization: customer.idToken };
}

export function aSerial(): string {
  return `SN-${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`;
}

export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

// ---- when

export function weRegister(
  api: EngineUnderTest,
  caller: Record<string, string>,
  input: { sku: string; serialNumber: string; purchaseDate?: string; requestId?: string },
): Promise<HttpResult> {
  return weSendGraphQL(
    api,
    {
      query: `mutation Register($input: RegisterProductInput!) { registerProduct(input: $input) { ${REGISTRATION_FIELDS} } }`,
      variables: { input: { purchaseDate: daysAgo(3), requestId: randomUUID(), ...input } },
    },
    caller,
  );
}

/** Sends every logged event of a registration to the bus again, as an at-least-once delivery may. */
export async function everyEventIsDeliveredAgain(
  api: EngineUnderTest,
  correlationId: string,
  which: (entry: LoggedEvent) => boolean = () => true,
): Promise<number> {
  const events = (await theEventsOf(api, correlationId)).filter(which);
  const result = await weSendRaw(api.url.replace('/graphql', '/_aws/eventbridge'), {
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
    body: JSON.stringify({
      Entries: events.map((entry) => ({
        EventBusName: entry.bus,
        Source: entry.event.source,
        DetailType: entry.event['detail-type'],
        Detail: JSON.stringify(entry.event.detail),
      })),
    }),
  });
  expect(result.body.FailedEntryCount, result.text).toBe(0);
  return events.length;
}

// ---- then

export async function theRegistrationsOf(api: EngineUnderTest, caller: Record<string, string>): Promise<any[]> {
  const data = itSucceeded(
    await weSendGraphQL(api, { query: `{ myRegistrations(limit: 100) { items { ${REGISTRATION_FIELDS} } nextToken } }` }, caller),
  );
  return data.myRegistrations.items;
}

export async function theDiscountCodesOf(api: EngineUnderTest, caller: Record<string, string>): Promise<any[]> {
  const data = itSucceeded(
    await weSendGraphQL(api, { query: `{ myDiscountCodes(limit: 100) { items { ${DISCOUNT_CODE_FIELDS} } nextToken } }` }, caller),
  );
  return data.myDiscountCodes.items;
}

export async function theSentEmails(api: EngineUnderTest): Promise<SentEmail[]> {
  const { body } = await weSendRaw(api.url.replace('/graphql', '/_local/emails'), { method: 'GET' });
  return body.emails;
}

export async function theEventsOf(api: EngineUnderTest, correlationId: string): Promise<LoggedEvent[]> {
  const { body } = await weSendRaw(api.url.replace('/graphql', '/_local/events'), { method: 'GET' });
  return (body.events as LoggedEvent[]).filter(
    (entry) => (entry.event.detail as { metadata?: { correlation_id?: string } })?.metadata?.correlation_id === correlationId,
  );
}

/** Waits until a registration's steps have all happened (every test product earns points, so Loyalty's too). */
export async function theStepsHappened(api: EngineUnderTest, caller: Record<string, string>, registrationId: string, timeoutMs = 20_000) {
  return eventually(async () => {
    const registration = (await theRegistrationsOf(api, caller)).find((candidate) => candidate.id === registrationId);
    expect(registration?.steps, JSON.stringify(registration)).toMatchObject({
      pointsAwarded: expect.any(String),
      discountIssued: expect.any(String),
      emailSent: expect.any(String),
      supportInformed: expect.any(String),
    });
    return registration;
  }, timeoutMs);
}

/** Waits until the outside world's staged outages under a path are over. */
export async function theOutageIsOver(pathPrefix: string, timeoutMs = 60_000): Promise<void> {
  await eventually(async () => {
    const outages = (await (await fetch(`${theOutsideWorld()}/_outage`)).json()) as Array<{ pathPrefix: string }>;
    expect(outages.filter((outage) => outage.pathPrefix === pathPrefix)).toEqual([]);
  }, timeoutMs);
}

/** Gives duplicates (an outbox sweep after an ambiguous publish, redeliveries) time to arrive before counting. */
export const duplicatesHadTimeToArrive = () => new Promise((resolve) => setTimeout(resolve, 1500));
