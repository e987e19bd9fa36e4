/** A reward as importRewards receives it (CreateRewardInput). */
export interface RewardInput {
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

const TIERS = ['Bronze', 'Silver', 'Gold'];

/**
 * Why a reward cannot be imported, or null: the checks createReward makes (resolvers/lib/rewards.ts
 * assertValidRewardContent), as `InvalidRewardInput: <what>`.
 */
export function rejectionOf(input: RewardInput): string | null {
  const invalid = (what: string) => `InvalidRewardInput: ${what}`;
  if (input.title.trim() === '') return invalid('title must not be blank');
  if (input.pointsCost < 0) return invalid('pointsCost must be 0 or more');
  if (input.stock < 0) return invalid('stock must be 0 or more');
  if (input.perCustomerLimit != null && input.perCustomerLimit < 1)
    return invalid('perCustomerLimit must be 1 or more (or absent: no limit)');
  if (input.minimumTier != null && !TIERS.includes(input.minimumTier)) return invalid('minimumTier must be Bronze, Silver or Gold');
  if (input.availableFrom && input.availableUntil && Date.parse(input.availableFrom) >= Date.parse(input.availableUntil))
    return invalid('availableFrom must be before availableUntil');
  const locales = (input.localized ?? []).map((text) => text.locale);
  if (locales.some((locale, index) => locales.indexOf(locale) !== index)) return invalid('each locale may appear once in localized');
  return null;
}
