import { util } from '@aws-appsync/utils';
import type { CreateRewardInput, LocalizedTextInput } from '../generated/schema-types';

/** Rejects input a shopper could never be shown correctly; all checks before any write. */
export function assertValidRewardContent(input: {
  pointsCost?: number | null;
  stock?: number | null;
  availableFrom?: string | null;
  availableUntil?: string | null;
  localized?: LocalizedTextInput[] | null;
  title?: string | null;
  perCustomerLimit?: number | null;
  minimumTier?: string | null;
}): void {
  if (input.perCustomerLimit !== undefined && input.perCustomerLimit !== null && input.perCustomerLimit < 1) {
    util.error('perCustomerLimit must be 1 or more (or absent: no limit)', 'InvalidRewardInput');
  }
  if (input.minimumTier !== undefined && input.minimumTier !== null && ['Bronze', 'Silver', 'Gold'].indexOf(input.minimumTier) < 0) {
    util.error('minimumTier must be Bronze, Silver or Gold', 'InvalidRewardInput');
  }
  if (input.title !== undefined && input.title !== null && input.title.trim() === '') {
    util.error('title must not be blank', 'InvalidRewardInput');
  }
  if (input.pointsCost !== undefined && input.pointsCost !== null && input.pointsCost < 0) {
    util.error('pointsCost must be 0 or more', 'InvalidRewardInput');
  }
  if (input.stock !== undefined && input.stock !== null && input.stock < 0) {
    util.error('stock must be 0 or more', 'InvalidRewardInput');
  }
  if (input.availableFrom && input.availableUntil) {
    const from = util.time.parseISO8601ToEpochMilliSeconds(input.availableFrom);
    const until = util.time.parseISO8601ToEpochMilliSeconds(input.availableUntil);
    if (from >= until) util.error('availableFrom must be before availableUntil', 'InvalidRewardInput');
  }
  const locales = (input.localized ?? []).map((text) => text.locale);
  if (locales.some((locale, index) => locales.indexOf(locale) !== index)) {
    util.error('each locale may appear once in localized', 'InvalidRewardInput');
  }
}

/** The stored item of a new DRAFT reward. */
export function newRewardItem(input: CreateRewardInput, now: string) {
  return {
    id: input.id ?? util.autoId(),
    status: 'DRAFT',
    title: input.title,
    description: input.description ?? null,
    localized: input.localized ?? [],
    imageUrl: input.imageUrl ?? null,
    category: input.category ?? null,
    pointsCost: input.pointsCost,
    stock: input.stock,
    availableFrom: input.availableFrom ?? null,
    availableUntil: input.availableUntil ?? null,
    perCustomerLimit: input.perCustomerLimit ?? null,
    minimumTier: input.minimumTier ?? null,
    fulfilment: input.fulfilment ?? 'PHYSICAL',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

export type RewardItem = ReturnType<typeof newRewardItem>;
