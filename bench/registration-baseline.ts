/**
 * The registration benchmark's baseline: what `commitRegistration` sends to DynamoDB, item for item and condition
 * for condition, sent straight to DynamoDB Local with the lean client the engine uses.
 */
import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDbClient } from '../local/dynamodb/client.js';
import { PRODUCT_REGISTERED } from '../schema/events.js';
import { registrationKey, requestKey, serialKey } from '../resolvers/lib/registration.js';
import { owedOutbox } from './owed-outbox.js';

export interface BenchProduct {
  sku: string;
  name: string;
  manufacturerId: string;
  registrationPoints: number;
  discount: { percentOff: number; validDays: number };
}

export interface Registrant {
  sub: string;
  email: string;
}

/** A ULID-shaped id (26 characters of Crockford's alphabet's range), as `util.autoUlid` makes. */
const aRegistrationId = () => randomUUID().replaceAll('-', '').slice(0, 26).toUpperCase();

/**
 * The transaction commitRegistration builds: the serial's lock, the registration with the product_registered event
 * it owes (its outbox entry and pending mark, which put it in the outbox index), and the request item, each on
 * `attribute_not_exists(pk)`.
 */
export function commitTransaction(
  tableName: string,
  product: BenchProduct,
  serialNumber: string,
  purchaseDate: string,
  customer: Registrant,
) {
  const id = aRegistrationId();
  const requestId = randomUUID();
  const now = new Date().toISOString();
  const data = {
    registrationId: id,
    customerId: customer.sub,
    sku: product.sku,
    productName: product.name,
    serialNumber,
    purchaseDate,
    manufacturerId: product.manufacturerId,
    registrationPoints: product.registrationPoints,
    discount: product.discount,
    registeredAt: now,
    customerEmail: customer.email,
  };
  const registration = {
    ...registrationKey(id),
    type: 'ProductRegistration',
    id,
    customerId: customer.sub,
    requestId,
    sku: product.sku,
    productName: product.name,
    serialNumber,
    purchaseDate,
    status: 'REGISTERED',
    steps: {},
    registeredAt: now,
    updatedAt: now,
    ...owedOutbox(PRODUCT_REGISTERED, id, data, now),
  };
  const absent = { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' } };
  const put = (item: Record<string, unknown>) => ({
    Put: { TableName: tableName, Item: marshall(item, { removeUndefinedValues: true }), ...absent },
  });
  return {
    TransactItems: [
      put({ ...serialKey(product.sku, serialNumber), ownerId: customer.sub, registrationId: id, registeredAt: now }),
      put(registration),
      put({ ...requestKey(customer.sub, requestId), registrationId: id, sku: product.sku, serialNumber, createdAt: now }),
    ],
  };
}

/** Commits one registration straight to DynamoDB Local; false (and the first error kept) when it was refused. */
export function commitDirectly(
  client: DynamoDbClient,
  tableName: string,
  registration: { product: BenchProduct; serialNumber: string; purchaseDate: string; customer: Registrant },
  failures: { first: string | null },
): Promise<boolean> {
  const { product, serialNumber, purchaseDate, customer } = registration;
  return client.call('TransactWriteItems', commitTransaction(tableName, product, serialNumber, purchaseDate, customer)).then(
    () => true,
    (error: Error) => {
      failures.first ??= error.message;
      return false;
    },
  );
}
