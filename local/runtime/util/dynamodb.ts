/**
 * util.dynamodb: JSON ↔ DynamoDB typed values. AppSync keeps numbers as JSON numbers ({"N": 12345}),
 * uses lists (L) rather than sets for arrays, and drops undefined object members (they cannot be
 * represented in its JSON-based runtime).
 */
import { UtilUsageError } from '../signals.js';

export type AttributeValue = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function toDynamoDB(value: unknown): AttributeValue {
  if (value === null || value === undefined) return { NULL: null };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: value };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toDynamoDB) };
  if (isPlainObject(value)) return { M: toMapValues(value) };
  throw new UtilUsageError(`Cannot convert value of type ${typeof value} to a DynamoDB attribute value`);
}

export function toMapValues(value: unknown): Record<string, AttributeValue> {
  if (!isPlainObject(value)) throw new UtilUsageError('toMapValues expects an object');
  const out: Record<string, AttributeValue> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined) out[key] = toDynamoDB(member);
  }
  return out;
}

function typed<T>(key: string, value: T | null | undefined): Record<string, T> | null {
  return value === null || value === undefined ? null : { [key]: value };
}

function s3ObjectJson(key: string, bucket: string, region: string, version?: string): string {
  const s3: Record<string, string> = { key, bucket, region };
  if (version !== undefined && version !== null) s3.version = version;
  return JSON.stringify({ s3 });
}

export const dynamodb = {
  toDynamoDB,
  toString: (value: string | null | undefined) => typed('S', value),
  toStringSet: (list: string[] | null | undefined) => typed('SS', list),
  toNumber: (num: number | null | undefined) => typed('N', num),
  toNumberSet: (numbers: number[] | null | undefined) => typed('NS', numbers),
  toBinary: (value: string | null | undefined) => typed('B', value),
  toBinarySet: (values: string[] | null | undefined) => typed('BS', values),
  toBoolean: (value: boolean | null | undefined) => typed('BOOL', value),
  toNull: () => ({ NULL: null }),
  toList: (value: unknown) => (Array.isArray(value) ? { L: value.map(toDynamoDB) } : null),
  toMap: (value: unknown) => (isPlainObject(value) ? { M: toMapValues(value) } : null),
  toMapValues: (value: unknown) => (isPlainObject(value) ? toMapValues(value) : null),
  toS3Object: (key: string, bucket: string, region: string, version?: string) => ({ S: s3ObjectJson(key, bucket, region, version) }),
  /** Accepts the S3 object JSON string (or its {S: ...} attribute form) and returns {key, bucket, region, version?}. */
  fromS3ObjectJson(s3ObjectString: unknown): Record<string, unknown> {
    const text = isPlainObject(s3ObjectString) && typeof s3ObjectString.S === 'string' ? s3ObjectString.S : s3ObjectString;
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(text));
    } catch {
      throw new UtilUsageError(`Invalid S3 object JSON: ${String(text)}`);
    }
    const s3 = isPlainObject(parsed) ? parsed.s3 : undefined;
    if (!isPlainObject(s3)) throw new UtilUsageError(`Invalid S3 object JSON: ${String(text)}`);
    return { ...s3 };
  },
};
