import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationUpsertProductArgs } from './generated/schema-types';
import { raiseDataSourceError } from './lib/errors';
import { productKey, publicProduct } from './lib/registration';

/** Creates or replaces a catalog product, after checking what registrations will rely on. */
export function request(ctx: Context<MutationUpsertProductArgs>) {
  const input = ctx.args.input;
  const { percentOff, amountOff, currency, validDays } = input.discount;
  const manufacturers = JSON.parse(ctx.env.MANUFACTURERS) as Array<{ id: string }>;
  if (!util.matches('^[A-Za-z0-9_-]{1,64}$', input.sku)) util.error('sku must be 1 to 64 letters, digits, - or _.', 'ValidationError');
  if (!manufacturers.some((manufacturer) => manufacturer.id === input.manufacturerId))
    util.error(`There is no manufacturer ${input.manufacturerId}.`, 'ValidationError');
  if (input.serialPattern.length > 200) util.error('serialPattern is at most 200 characters.', 'ValidationError');
  if (input.registrationPoints < 0 || input.registrationPoints > 100000)
    util.error('registrationPoints must be between 0 and 100,000.', 'ValidationError');
  if (input.registrationWindowDays < 1 || input.registrationWindowDays > 3650)
    util.error('registrationWindowDays must be between 1 and 3650.', 'ValidationError');
  const percent = percentOff !== null && percentOff !== undefined;
  const amount = amountOff !== null && amountOff !== undefined;
  if (percent === amount) util.error('A discount is either percentOff or amountOff with a currency.', 'ValidationError');
  if (percent && (percentOff! < 1 || percentOff! > 100)) util.error('percentOff must be between 1 and 100.', 'ValidationError');
  if (amount && (amountOff! < 1 || !util.matches('^[A-Z]{3}$', currency ?? '')))
    util.error('amountOff must be positive, with currency an ISO 4217 code such as EUR.', 'ValidationError');
  if (validDays < 1 || validDays > 365) util.error('discount.validDays must be between 1 and 365.', 'ValidationError');
  const item: Record<string, unknown> = {
    ...input,
    discount: {
      percentOff: percent ? percentOff : null,
      amountOff: amount ? amountOff : null,
      currency: amount ? currency : null,
      validDays,
    },
    updatedAt: util.time.nowISO8601(),
  };
  return ddb.put({ key: productKey(input.sku), item });
}

export function response(ctx: Context<MutationUpsertProductArgs>) {
  raiseDataSourceError(ctx);
  return publicProduct(ctx.result as Record<string, unknown>);
}
