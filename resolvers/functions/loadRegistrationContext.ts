import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { failureLimitReached } from '../lib/failure-window';
import { MAX_FAILED_REGISTRATIONS, productKey, registrationAttemptsKey, requestKey, TOO_MANY_ATTEMPTS } from '../lib/registration';

type Args = { input: { sku: string; serialNumber: string; purchaseDate: string; requestId: string } };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One consistent read of what the decision needs: the product, the customer's failed attempts and any registration
 * this requestId already produced. The read only decides what to try; the transaction's conditions decide the owner.
 */
export function request(ctx: Context<Args>) {
  const customerId = ctx.stash.customerId as string;
  return ddb.batchGet({
    tables: {
      [ctx.env.REGISTRATIONS_TABLE]: {
        keys: [productKey(ctx.args.input.sku), registrationAttemptsKey(customerId), requestKey(customerId, ctx.args.input.requestId)],
        consistentRead: true,
      },
    },
  });
}

export function response(ctx: Context<Args>) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const table = ctx.env.REGISTRATIONS_TABLE;
  const result = ctx.result as { data: Record<string, Array<Record<string, unknown> | null>>; unprocessedKeys: Record<string, unknown[]> };
  if ((result.unprocessedKeys[table] ?? []).length) util.error('The registration could not be checked; retry.', 'ServiceUnavailable');
  const [product, attempts, request] = result.data[table];
  const { sku, serialNumber, purchaseDate } = ctx.args.input;

  if (request) {
    if (request.sku !== sku || request.serialNumber !== serialNumber)
      util.error('This requestId was already used to register another product.', 'RequestIdReused');
    ctx.stash.replayedRegistrationId = request.registrationId;
    ctx.stash.outcome = 'replayed';
    return null;
  }
  if (failureLimitReached(attempts, MAX_FAILED_REGISTRATIONS)) util.error(TOO_MANY_ATTEMPTS, 'TooManyAttempts');
  ctx.stash.attemptWindowEndsAt = attempts ? attempts.windowEndsAt : null;

  if (!product || !product.active) util.error(`There is no product ${sku} to register.`, 'ProductNotFound');
  const purchasedAt = util.time.parseFormattedToEpochMilliSeconds(purchaseDate, 'yyyy-MM-dd', 'UTC');
  const nowMs = util.time.nowEpochMilliSeconds();
  if (purchasedAt > nowMs || purchasedAt < nowMs - (product.registrationWindowDays as number) * DAY_MS)
    util.error(
      `${product.name} can be registered within ${product.registrationWindowDays} days of its purchase.`,
      'PurchaseDateOutOfWindow',
    );
  ctx.stash.product = product;
  if (!util.matches(product.serialPattern as string, serialNumber)) {
    ctx.stash.failure = { message: 'This serial number is not valid for this product.', type: 'InvalidSerialNumber' };
    ctx.stash.outcome = 'failed';
    return null;
  }
  ctx.stash.outcome = 'registrable';
  return null;
}
