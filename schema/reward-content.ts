/**
 * What valid reward content is and what a new reward's stored item looks like, in one place. Two writers need
 * both: the resolvers (createReward, updateReward) and the importRewards Lambda; a reward one accepts the other
 * must accept, with the same reason when it refuses, and store the same way.
 *
 * Bundle-safe for APPSYNC_JS (resolvers import it): plain functions and literals, no regex, no throw, no Date
 * (the caller passes its own ISO 8601 parser: util.time in a resolver, Date.parse in the Lambda).
 */

/** Reward content as createReward and importRewards take it; updateReward sends only what changes. */
export interface RewardContent {
  title?: string | null;
  pointsCost?: number | null;
  stock?: number | null;
  availableFrom?: string | null;
  availableUntil?: string | null;
  localized?: Array<{ locale: string }> | null;
  perCustomerLimit?: number | null;
  minimumTier?: string | null;
  category?: string | null;
}

/** A new reward as createReward and importRewards receive it (CreateRewardInput). */
export interface NewReward {
  id?: string | null;
  title: string;
  description?: string | null;
  localized?: Array<{ locale: string; title: string; description?: string | null }> | null;
  imageUrl?: string | null;
  category?: string | null;
  pointsCost: number;
  stock: number;
  availableFrom?: string | null;
  availableUntil?: string | null;
  perCustomerLimit?: number | null;
  minimumTier?: string | null;
  fulfilment?: 'PHYSICAL' | 'DIGITAL' | null;
}

export const REWARD_TIERS = ['Bronze', 'Silver', 'Gold'];

const given = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null;

/**
 * Why the content cannot be stored (the first problem, checked in a fixed order), or null when it is valid.
 * Fields that are absent (undefined) are not checked: an update leaves them as they are.
 */
export function rewardContentProblem(content: RewardContent, epochMillisOf: (iso8601: string) => number): string | null {
  // null clears a field in an update; these three every reward must have (and pointsCost is an index key)
  if (content.title === null) return 'title is required: it cannot be cleared';
  if (content.pointsCost === null) return 'pointsCost is required: it cannot be cleared';
  if (content.stock === null) return 'stock is required: it cannot be cleared';
  if (given(content.title) && content.title.trim() === '') return 'title must not be blank';
  if (given(content.pointsCost) && content.pointsCost < 0) return 'pointsCost must be 0 or more';
  if (given(content.stock) && content.stock < 0) return 'stock must be 0 or more';
  if (given(content.perCustomerLimit) && content.perCustomerLimit < 1) return 'perCustomerLimit must be 1 or more (or absent: no limit)';
  if (given(content.minimumTier) && REWARD_TIERS.indexOf(content.minimumTier) < 0) return 'minimumTier must be Bronze, Silver or Gold';
  if (content.availableFrom && content.availableUntil && epochMillisOf(content.availableFrom) >= epochMillisOf(content.availableUntil)) {
    return 'availableFrom must be before availableUntil';
  }
  const locales = (content.localized ?? []).map((text) => text.locale);
  if (locales.some((locale, index) => locales.indexOf(locale) !== index)) return 'each locale may appear once in localized';
  return null;
}

/**
 * The `categoryKey` attribute the `byCategory` index is keyed on (with `status`), or null when the reward has no
 * category: DynamoDB refuses a NULL or empty string in an index key, so such a reward stores no categoryKey and
 * stays out of the index. It is an attribute of its own, not `category`: rewards stored before the index wrote
 * `category: null`, and once `category` were a key such items could no longer be written at all.
 */
export function categoryKeyOf(category: string | null | undefined): string | null {
  return category ? category : null;
}

/** The stored item of a new DRAFT reward; `categoryKey` only when it has a category (see categoryKeyOf). */
export function newRewardItem(id: string, input: NewReward, now: string) {
  const categoryKey = categoryKeyOf(input.category);
  return {
    id,
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
    ...(categoryKey ? { categoryKey } : {}),
  };
}

export type RewardItem = ReturnType<typeof newRewardItem>;
