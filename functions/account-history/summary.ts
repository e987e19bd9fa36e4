import {
  GIFT_CODE_REDEEMED,
  POINTS_EARNED,
  REDEMPTION_FAILED,
  REDEMPTION_VALUE_APPLIED,
  REWARD_REDEEMED,
  TIER_CHANGED,
  type DomainEvent,
} from '../../schema/events.js';
import type { GiftCodeValue } from '../../schema/gift-code-value.js';

type AnyData = Record<string, unknown>;

/** The line a customer reads in their account history, e.g. "Redeemed gift code …ABCD for 500 points". */
export function summaryOf(event: DomainEvent<AnyData>): string {
  const data = event.detail.data;
  switch (event['detail-type']) {
    case GIFT_CODE_REDEEMED.name:
      return `Redeemed gift code …${String(data.last4)} for ${valueDescription(data.value as GiftCodeValue)}`;
    case REDEMPTION_VALUE_APPLIED.name:
      return appliedDescription(data.value as GiftCodeValue, data.balance);
    case REDEMPTION_FAILED.name:
      return `The gift code's value could not be applied (${String(data.reason)})`;
    case REWARD_REDEEMED.name:
      return `Redeemed ${String(data.rewardTitle)} for ${points(Number(data.pointsSpent))}`;
    case POINTS_EARNED.name:
      return earnedDescription(data);
    case TIER_CHANGED.name:
      return `Your tier changed from ${String(data.from)} to ${String(data.to)}`;
    default:
      return sentenceOf(event['detail-type']);
  }
}

/** When the event happened for the customer (its data says so), else when it was published. */
export function occurredAtOf(event: DomainEvent<AnyData>): string {
  const field = OCCURRED_AT_FIELD[event['detail-type']];
  const occurredAt = field && event.detail.data[field];
  return typeof occurredAt === 'string' && occurredAt ? occurredAt : event.time;
}

const OCCURRED_AT_FIELD: Record<string, string> = {
  [GIFT_CODE_REDEEMED.name]: 'redeemedAt',
  [REDEMPTION_VALUE_APPLIED.name]: 'appliedAt',
  [REDEMPTION_FAILED.name]: 'failedAt',
  [REWARD_REDEEMED.name]: 'redeemedAt',
  [POINTS_EARNED.name]: 'earnedAt',
  [TIER_CHANGED.name]: 'changedAt',
};

function earnedDescription(data: AnyData): string {
  const earned = `${points(Number(data.points))} earned`;
  const why = data.sourceType === 'PRODUCT_REGISTRATION' ? `${earned} for registering a product` : earned;
  return typeof data.balance === 'number' ? `${why} (now ${points(data.balance)})` : why;
}

function valueDescription(value: GiftCodeValue | undefined): string {
  if (typeof value?.amount !== 'number') return 'its value';
  if (value.kind === 'POINTS') return points(value.amount);
  const discount = money(value.amount, value.currency);
  return discount ? `a ${discount} discount` : 'a discount';
}

function appliedDescription(value: GiftCodeValue | undefined, balance: unknown): string {
  if (value?.kind === 'POINTS' && typeof value.amount === 'number') {
    const added = `${points(value.amount)} added to your balance`;
    return typeof balance === 'number' ? `${added} (now ${points(balance)})` : added;
  }
  const discount = typeof value?.amount === 'number' && money(value.amount, value.currency);
  return discount ? `${discount} discount granted` : 'Gift code value applied';
}

function points(amount: number): string {
  return `${amount.toLocaleString('en-US')} ${amount === 1 ? 'point' : 'points'}`;
}

/** A minor-unit amount in its currency, e.g. 1000 EUR → "€10.00" (0 decimals for JPY); undefined if unknown. */
function money(minorUnits: number, currency: string | null): string | undefined {
  if (!currency || !/^[A-Z]{3}$/.test(currency)) return undefined;
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  return format.format(minorUnits / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

/** `product_registered` → "Product registered". */
function sentenceOf(name: string): string {
  const words = name.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
