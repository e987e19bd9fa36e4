/**
 * What every code of a batch shares (docs/gift-codes.md): the request's terms validated once, and each code's item
 * built from them. The resolver validates the input too; these checks are defence in depth.
 */
import { randomUUID } from 'node:crypto';
import { giftCodeValueProblem, NO_CURRENCY, VALUE_PROBLEM_MESSAGES, type GiftCodeValue } from '../../schema/gift-code-value.js';
import { codeDigest, last4 } from './codes.js';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export interface BatchRequest {
  issuerId: string;
  value: GiftCodeValue;
  /** ISO 8601 date-time */
  expiresAt: string;
  createdBy: string;
}

/** What every code of a batch shares, validated. */
export interface BatchTerms {
  batchId: string;
  issuerId: string;
  value: GiftCodeValue;
  expiresAt: string;
  expiresAtEpoch: number;
  createdAt: string;
  createdBy: string;
}

export function batchTerms(request: BatchRequest): BatchTerms {
  const { issuerId, createdBy } = request;
  if (!isNonEmptyString(issuerId)) throw new Error('issuerId is required');
  if (!isNonEmptyString(createdBy)) throw new Error('createdBy is required');
  const now = Date.now();
  return {
    batchId: randomUUID(),
    issuerId,
    value: validValue(request.value),
    ...validExpiry(request.expiresAt, now),
    createdAt: new Date(now).toISOString(),
    createdBy,
  };
}

/** The value by the rule every gift code value follows; an empty currency is no currency, as the resolver reads it. */
function validValue(value: GiftCodeValue): GiftCodeValue {
  const problem = giftCodeValueProblem(value);
  if (problem) throw new Error(VALUE_PROBLEM_MESSAGES[problem]);
  return { kind: value.kind, amount: value.amount, currency: value.currency || null };
}

function validExpiry(expiresAt: string, now: number): { expiresAt: string; expiresAtEpoch: number } {
  const at = typeof expiresAt === 'string' && ISO_DATE_TIME.test(expiresAt) ? Date.parse(expiresAt) : NaN;
  if (Number.isNaN(at)) throw new Error('expiresAt must be an ISO 8601 date-time with a time zone');
  if (at <= now) throw new Error('expiresAt must be in the future');
  // one textual form in the table, whatever offset the caller wrote
  return { expiresAt: new Date(at).toISOString(), expiresAtEpoch: Math.floor(at / 1000) };
}

export function codeItem(normalized: string, terms: BatchTerms) {
  return {
    pk: `CODE#${codeDigest(normalized)}`,
    sk: 'CODE',
    type: 'GiftCode',
    id: randomUUID(),
    batchId: terms.batchId,
    issuerId: terms.issuerId,
    last4: last4(normalized),
    value: storedValue(terms.value),
    expiresAt: terms.expiresAt,
    expiresAtEpoch: terms.expiresAtEpoch,
    status: 'ACTIVE',
    createdAt: terms.createdAt,
    createdBy: terms.createdBy,
  };
}

/** `currency` is always present in the table: a POINTS value's null is stored as "NONE" (docs/gift-codes.md). */
export function storedValue(value: GiftCodeValue) {
  return { ...value, currency: value.currency ?? NO_CURRENCY };
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}
