/**
 * Registering a product: a serial has one owner, ever; bad input gets a clear error; a retried request gets the same
 * registration; and the choreography that follows (discount code, email, customer support, manufacturer) happens
 * once each, with the code pushed live to its owner alone.
 */
import { describe, expect, it } from 'vitest';
import { aSubscriber, aUserCaller, theProductApi } from '../steps/given-steps.js';
import { whatTheOutsideWorldReceived } from '../steps/gift-code-steps.js';
import {
  aProduct,
  aRegistrant,
  aSerial,
  daysAgo,
  duplicatesHadTimeToArrive,
  isWellFormedXml,
  JSON_MANUFACTURER,
  ON_DISCOUNT_ISSUED,
  ON_REGISTRATION_UPDATED,
  theDiscountCodesOf,
  theSentEmails,
  theStepsHappened,
  weRegister,
  XML_MANUFACTURER,
} from '../steps/registration-steps.js';
import { aFreshCustomer } from '../steps/customer-steps.js';
import { theAccountOf } from '../steps/loyalty-steps.js';
import {
  eventually,
  itSucceeded,
  theFieldFailed,
  theSubscriberReceives,
  theSubscriptionStarted,
  theSubscriptionWasRefused,
} from '../steps/then-steps.js';
import { weSendGraphQL, weSubscribe } from '../steps/when-steps.js';

const api = theProductApi();
const callsFor = async (path: string, registrationId: string) =>
  (await whatTheOutsideWorldReceived(path)).filter((request) => request.body.includes(registrationId));

describe('registering a product', () => {
  it("credits the product's points once and issues one discount code, one email, one CRM ticket and one JSON manufacturer call, pushing the code to its owner only", async () => {
    const product = await aProduct(api, { manufacturerId: JSON_MANUFACTURER.id });
    const registrant = await aFreshCustomer(api);
    const someoneElse = await aFreshCustomer(api);
    const owner = aRegistrant(registrant);
    const ownerId = registrant.sub;
    const live = await aSubscriber(api, owner);
    const issued = await weSubscribe(live, ON_DISCOUNT_ISSUED, { customerId: ownerId });
    const updated = await weSubscribe(live, ON_REGISTRATION_UPDATED, { customerId: ownerId });
    theSubscriptionStarted(issued);
    theSubscriptionStarted(updated);
    const snoop = await aSubscriber(api, someoneElse.caller);
    theSubscriptionWasRefused(await weSubscribe(snoop, ON_DISCOUNT_ISSUED, { customerId: ownerId }), 'Unauthorized');

    const serialNumber = aSerial();
    const registration = itSucceeded(await weRegister(api, owner, { sku: product.sku, serialNumber })).registerProduct;
    expect(registration).toMatchObject({
      customerId: ownerId,
      sku: product.sku,
      serialNumber,
      status: 'REGISTERED',
      productName: product.name,
    });

    const [pushed] = await theSubscriberReceives(issued, 1, 15_000);
    expect(pushed.data.onDiscountIssued).toMatchObject({
      registrationId: registration.id,
      customerId: ownerId,
      percentOff: 15,
      status: 'ACTIVE',
    });
    const { code } = pushed.data.onDiscountIssued;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);

    const settled = await theStepsHappened(api, owner, registration.id);
    expect(settled.steps.pointsAwarded).toEqual(expect.any(String));
    const [ticket] = await callsFor('/crm/tickets', registration.id);
    expect(JSON.parse(ticket.body)).toMatchObject({ type: 'product_registered', registrationId: registration.id, serialNumber });
    const [notice] = await eventually(async () => {
      const calls = await callsFor(JSON_MANUFACTURER.path, registration.id);
      expect(calls).toHaveLength(1);
      return calls;
    });
    expect(notice.headers['x-api-key']).toBe(JSON_MANUFACTURER.apiKey);
    expect(JSON.parse(notice.body)).toEqual({
      eventId: registration.id,
      registrationId: registration.id,
      sku: product.sku,
      productName: product.name,
      serialNumber,
      purchaseDate: registration.purchaseDate,
      registeredAt: registration.registeredAt,
    });

    await duplicatesHadTimeToArrive();
    expect((await theDiscountCodesOf(api, owner)).filter((discount) => discount.registrationId === registration.id)).toEqual([
      pushed.data.onDiscountIssued,
    ]);
    const emails = (await theSentEmails(api)).filter((email) => email.text?.includes(code));
    expect(emails).toHaveLength(1);
    expect(emails[0].to).toEqual([`${registrant.username}@example.com`]);
    expect(await callsFor('/crm/tickets', registration.id)).toHaveLength(1);
    // product_registered credits the points once, however often it is delivered
    const account = await theAccountOf(api, registrant.caller);
    expect(account.balance).toBe(product.registrationPoints);
    expect(account.ledger.items).toEqual([
      expect.objectContaining({
        kind: 'EARNED',
        points: product.registrationPoints,
        sourceType: 'PRODUCT_REGISTRATION',
        sourceId: registration.id,
      }),
    ]);
    expect(await callsFor(JSON_MANUFACTURER.path, registration.id)).toHaveLength(1);
    expect(live.client.dataOf(issued.id)).toHaveLength(1);
    // the registration itself, then one push per step
    const steps = live.client.dataOf(updated.id).map((message) => message.data.onRegistrationUpdated);
    expect(steps).toHaveLength(5);
    expect(steps.every((step) => step.id === registration.id)).toBe(true);
    expect(snoop.client.dataOf(issued.id)).toHaveLength(0);
    // nobody else sees the code
    expect(await theDiscountCodesOf(api, someoneElse.caller)).not.toContainEqual(expect.objectContaining({ code }));
  });

  it('sends an XML manufacturer one well-formed XML document through its translating step', async () => {
    const product = await aProduct(api, { manufacturerId: XML_MANUFACTURER.id });
    const owner = aRegistrant(await aFreshCustomer(api));
    const serialNumber = aSerial();
    const registration = itSucceeded(await weRegister(api, owner, { sku: product.sku, serialNumber })).registerProduct;

    const [notice] = await eventually(async () => {
      const calls = await callsFor(XML_MANUFACTURER.path, registration.id);
      expect(calls).toHaveLength(1);
      return calls;
    }, 15_000);
    expect(notice.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(notice.headers['x-api-key']).toBe(XML_MANUFACTURER.apiKey);
    expect(notice.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<ProductRegistration ')).toBe(true);
    expect(isWellFormedXml(notice.body), notice.body).toBe(true);
    expect(notice.body).toContain(`<SerialNumber>${serialNumber}</SerialNumber>`);
    expect(await callsFor(JSON_MANUFACTURER.path, registration.id)).toHaveLength(0);
  });

  it('returns the same registration when the request is retried with its requestId', async () => {
    const product = await aProduct(api);
    const owner = aRegistrant(await aFreshCustomer(api));
    const input = { sku: product.sku, serialNumber: aSerial(), requestId: `retry-${Date.now()}` };
    const first = itSucceeded(await weRegister(api, owner, input)).registerProduct;
    const again = itSucceeded(await weRegister(api, owner, input)).registerProduct;
    expect(again.id).toBe(first.id);
    expect(again.registeredAt).toBe(first.registeredAt);
  });

  it('refuses a serial that is registered already, without saying to whom', async () => {
    const product = await aProduct(api);
    const serialNumber = aSerial();
    const firstOwner = await aFreshCustomer(api);
    itSucceeded(await weRegister(api, aRegistrant(firstOwner), { sku: product.sku, serialNumber }));
    const ownerId = firstOwner.sub;

    const second = await weRegister(api, aRegistrant(await aFreshCustomer(api)), { sku: product.sku, serialNumber });
    theFieldFailed(second, ['registerProduct'], 'SerialAlreadyRegistered', 'This serial number is already registered.');
    expect(second.text).not.toContain(ownerId);
    expect(second.text).not.toContain(firstOwner.username);
  });

  it('tells an unknown product, a serial of the wrong shape and a purchase outside the window apart', async () => {
    const product = await aProduct(api, { registrationWindowDays: 30 });
    const customer = aRegistrant(await aFreshCustomer(api));
    theFieldFailed(
      await weRegister(api, customer, { sku: 'NO-SUCH-SKU', serialNumber: aSerial() }),
      ['registerProduct'],
      'ProductNotFound',
    );
    theFieldFailed(
      await weRegister(api, customer, { sku: product.sku, serialNumber: 'XX-12' }),
      ['registerProduct'],
      'InvalidSerialNumber',
    );
    theFieldFailed(
      await weRegister(api, customer, { sku: product.sku, serialNumber: aSerial(), purchaseDate: daysAgo(31) }),
      ['registerProduct'],
      'PurchaseDateOutOfWindow',
    );
    theFieldFailed(
      await weRegister(api, customer, { sku: product.sku, serialNumber: aSerial(), purchaseDate: daysAgo(-2) }),
      ['registerProduct'],
      'PurchaseDateOutOfWindow',
    );
  });

  it('slows down serial guessing: after 10 failed registrations every attempt is refused for a while', async () => {
    const product = await aProduct(api);
    const guesser = aRegistrant(await aFreshCustomer(api));
    for (let attempt = 0; attempt < 10; attempt++)
      theFieldFailed(
        await weRegister(api, guesser, { sku: product.sku, serialNumber: `guess-${attempt}` }),
        ['registerProduct'],
        'InvalidSerialNumber',
      );
    theFieldFailed(await weRegister(api, guesser, { sku: product.sku, serialNumber: aSerial() }), ['registerProduct'], 'TooManyAttempts');
  });

  it('gives one serial exactly one owner when 20 customers register it 100 times at once', async () => {
    const product = await aProduct(api);
    const serialNumber = aSerial();
    const customers = await Promise.all(Array.from({ length: 20 }, async () => aRegistrant(await aFreshCustomer(api))));
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, index) => weRegister(api, customers[index % customers.length], { sku: product.sku, serialNumber })),
    );
    const succeeded = results.filter((result) => result.body.data?.registerProduct);
    const refused = results.filter((result) => result.body.errors?.[0]?.errorType === 'SerialAlreadyRegistered');
    expect(succeeded).toHaveLength(1);
    expect(refused).toHaveLength(99);

    // the catalog is readable with the API key
    const catalog = itSucceeded(
      await weSendGraphQL(api, { query: '{ products(limit: 100) { items { sku } } }' }, { 'x-api-key': api.apiKey }),
    );
    expect(catalog.products.items).toContainEqual({ sku: product.sku });
  });

  it('lists the configured manufacturers to admins', async () => {
    const data = itSucceeded(await weSendGraphQL(api, { query: '{ manufacturers { id name format } }' }, await aUserCaller(api, 'admin')));
    expect(data.manufacturers).toEqual([
      { id: JSON_MANUFACTURER.id, name: 'Northwind Appliances', format: 'JSON' },
      { id: XML_MANUFACTURER.id, name: 'Contoso Tools', format: 'XML' },
    ]);
  });
});
