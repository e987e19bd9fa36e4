/**
 * The earning rules' configuration (docs/loyalty.md): how long earned points last and the tiers. Read from the
 * environment the CDK app sets, so a stage can change them without a code change.
 */

export interface Tier {
  name: string;
  /** points EARNED in the rolling window from which the tier is reached */
  threshold: number;
  rank: number;
}

const DAY_MS = 86_400_000;

/** Earned points expire this many days after they were earned (default 365: 12 months). */
export const expiryDays = (): number => Number(process.env.LOYALTY_EXPIRY_DAYS ?? 365);

/** Customers are warned this many days before points expire. */
export const expiryWarningDays = (): number => Number(process.env.LOYALTY_EXPIRY_WARNING_DAYS ?? 30);

/** Tiers are computed from points earned in this rolling window (12 months). */
export const TIER_WINDOW_DAYS = 365;

/** `Bronze:0,Silver:1000,Gold:5000`, lowest first; the first threshold must be 0. */
export function tiers(spec = process.env.LOYALTY_TIERS ?? 'Bronze:0,Silver:1000,Gold:5000'): Tier[] {
  const parsed = spec.split(',').map((part, rank) => {
    const [name, threshold] = part.split(':');
    return { name: name.trim(), threshold: Number(threshold), rank };
  });
  if (parsed[0]?.threshold !== 0 || parsed.some((tier, index) => index > 0 && !(tier.threshold > parsed[index - 1].threshold)))
    throw new Error(`LOYALTY_TIERS must start at 0 and rise: ${spec}`);
  return parsed;
}

/** The tier points earned in the window reach. */
export function tierFor(earned: number, all = tiers()): Tier {
  return all.filter((tier) => earned >= tier.threshold).at(-1)!;
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}
