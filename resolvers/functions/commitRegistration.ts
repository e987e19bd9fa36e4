import { runtime, util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { PRODUCT_REGISTERED } from '../../schema/events';
import { outboxCommitted, owedEvent } from '../lib/outbox';
import { registrationKey, requestKey, SERIAL_ALREADY_REGISTERED, serialKey } from '../lib/registration';

type Args = { input: { sku: string; serialNumber: string; purchaseDate: string; requestId: string } };

/**
 * The registration: one transaction that claims the serial (its item is the lock, written once: one owner, ever),
 * records the registration with the product_registered event it owes (the outbox), and remembers the requestId.
 * Of any number of concurrent registrations of one serial, exactly one commits.
 */
export function request(ctx: Context<Args>) {
  if (ctx.stash.outcome !== 'registrable') runtime.earlyReturn();
  const table = ctx.env.REGISTRATIONS_TABLE;
  const product = ctx.stash.product as Record<string, unknown>;
  const customerId = ctx.stash.customerId as string;
  const { sku, serialNumber, purchaseDate, requestId } = ctx.args.input;
  const now = util.time.nowISO8601();
  const id = util.autoUlid();
  const data = {
    registrationId: id,
    customerId,
    sku,
    productName: product.name,
    serialNumber,
    purchaseDate,
    manufacturerId: product.manufacturerId,
    registrationPoints: product.registrationPoints,
    discount: product.discount,
    registeredAt: now,
    customerEmail: ctx.stash.customerEmail,
  };
  const registration = {
    type: 'ProductRegistration',
    id,
    customerId,
    requestId,
    sku,
    productName: product.name,
    serialNumber,
    purchaseDate,
    status: 'REGISTERED',
    steps: {},
    registeredAt: now,
    updatedAt: now,
    // the registration's id is the event's, and the correlation id of everything that follows from it
    ...owedEvent(ctx, registrationKey(id), PRODUCT_REGISTERED, { eventId: id, correlationId: id, data }),
  };
  ctx.stash.pending = registration;
  const absent = { pk: { attributeExists: false } };
  return ddb.transactWrite({
    items: [
      {
        putItem: {
          table,
          key: serialKey(sku, serialNumber),
          item: { ownerId: customerId, registrationId: id, registeredAt: now },
          condition: absent,
        },
      },
      { putItem: { table, key: registrationKey(id), item: registration, condition: absent } },
      {
        putItem: {
          table,
          key: requestKey(customerId, requestId),
          item: { registrationId: id, sku, serialNumber, createdAt: now },
          condition: absent,
        },
      },
    ],
  });
}

export function response(ctx: Context<Args>) {
  if (ctx.error) {
    const reasons = (ctx.result as { cancellationReasons?: Array<{ type: string }> } | null)?.cancellationReasons ?? [];
    if (reasons.length !== 3) util.error(ctx.error.message, ctx.error.type);
    // the same requestId committed concurrently: a retry will return that registration
    if (reasons[2].type === 'ConditionalCheckFailed')
      util.error('A registration with this requestId is in progress; retry.', 'RegistrationInProgress');
    // someone (perhaps this customer) owns the serial already
    if (reasons[0].type === 'ConditionalCheckFailed') {
      ctx.stash.failure = { message: SERIAL_ALREADY_REGISTERED, type: 'SerialAlreadyRegistered' };
      ctx.stash.outcome = 'failed';
      return null;
    }
    util.error(ctx.error.message, ctx.error.type);
  }
  ctx.stash.registration = ctx.stash.pending;
  ctx.stash.outcome = 'committed';
  outboxCommitted(ctx);
  return null;
}
