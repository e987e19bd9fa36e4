/**
 * AppSync "typed values" <-> DynamoDB wire AttributeValues <-> the plain JSON AppSync hands to `ctx.result`.
 *
 * Requests carry AttributeValue JSON in which AppSync also accepts numbers as JSON numbers (`{N: 10}`,
 * `{NS: [1, 2]}`) and `{NULL: null}`; the wire protocol wants strings and `{NULL: true}`. Results are plain
 * JSON: N becomes a number, sets become lists, B stays a base64 string, NULL becomes null.
 */
import { MappingTemplateError } from './errors.js';

export type WireValue = Record<string, unknown>;
export type WireMap = Record<string, WireValue>;

const SCALAR_TYPES = new Set(['S', 'N', 'B', 'BOOL', 'NULL']);

/** Converts an AppSync typed value; `path` (e.g. `$[key][id]`) names it in errors the way AppSync does. */
export function toWireValue(value: unknown, path: string): WireValue {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MappingTemplateError(`Expected JSON object for attribute value '${path}' but got '${jsonKind(value)}' instead.`);
  }
  const entries = Object.entries(value).filter(([, inner]) => inner !== undefined);
  if (entries.length !== 1) {
    throw new MappingTemplateError(
      `Attribute value '${path}' must contain exactly one of the supported data types, got ${entries.length}.`,
    );
  }
  const [type, inner] = entries[0];
  const at = `${path}[${type}]`;
  switch (type) {
    case 'S':
    case 'B':
      return { [type]: expectString(inner, at) };
    case 'N':
      return { N: numberText(inner, at) };
    case 'BOOL':
      if (typeof inner !== 'boolean')
        throw new MappingTemplateError(`Expected a boolean for '${at}' but got '${jsonKind(inner)}' instead.`);
      return { BOOL: inner };
    case 'NULL':
      // AppSync accepts {NULL: null}; {NULL: false} is passed on for DynamoDB to reject, as AppSync does
      return { NULL: inner === null ? true : inner };
    case 'SS':
    case 'BS':
      return { [type]: expectList(inner, at).map((element, index) => expectString(element, `${at}[${index}]`)) };
    case 'NS':
      return { NS: expectList(inner, at).map((element, index) => numberText(element, `${at}[${index}]`)) };
    case 'L':
      return { L: expectList(inner, at).map((element, index) => toWireValue(element, `${at}[${index}]`)) };
    case 'M':
      return { M: toWireMap(inner, at) };
    default:
      throw new MappingTemplateError(`Unsupported element '${at}'.`);
  }
}

/** A map of typed values (a key, attributeValues, expressionValues). */
export function toWireMap(value: unknown, path: string): WireMap {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MappingTemplateError(`Expected JSON object for '${path}' but got '${jsonKind(value)}' instead.`);
  }
  const map: WireMap = {};
  for (const [name, inner] of Object.entries(value)) {
    if (inner !== undefined) map[name] = toWireValue(inner, `${path}[${name}]`);
  }
  return map;
}

export function fromWireValue(value: WireValue): unknown {
  if ('S' in value) return value.S;
  if ('N' in value) return Number(value.N);
  if ('BOOL' in value) return value.BOOL;
  if ('NULL' in value) return null;
  if ('M' in value) return fromWireMap(value.M as WireMap);
  if ('L' in value) return (value.L as WireValue[]).map(fromWireValue);
  if ('SS' in value) return value.SS;
  if ('NS' in value) return (value.NS as string[]).map(Number);
  if ('B' in value) return value.B;
  if ('BS' in value) return value.BS;
  return null;
}

export function fromWireMap(map: WireMap): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const name of Object.keys(map)) plain[name] = fromWireValue(map[name]);
  return plain;
}

/**
 * Whether two items hold the same data, as DynamoDB would store them: numbers compare by value ("10.50"
 * equals "10.5"), sets regardless of order. Top-level attributes named in `ignore` are skipped.
 */
export function wireItemsEqual(a: WireMap, b: WireMap, ignore: ReadonlySet<string> = new Set()): boolean {
  const namesA = Object.keys(a).filter((name) => !ignore.has(name));
  const namesB = Object.keys(b).filter((name) => !ignore.has(name));
  return namesA.length === namesB.length && namesA.every((name) => name in b && wireValuesEqual(a[name], b[name]));
}

function wireValuesEqual(a: WireValue, b: WireValue): boolean {
  const [typeA] = Object.keys(a);
  const [typeB] = Object.keys(b);
  if (typeA !== typeB) return false;
  const valueA = a[typeA];
  const valueB = b[typeB];
  if (SCALAR_TYPES.has(typeA))
    return typeA === 'N' ? canonicalNumber(valueA as string) === canonicalNumber(valueB as string) : valueA === valueB;
  if (typeA === 'M') return wireItemsEqual(valueA as WireMap, valueB as WireMap);
  if (typeA === 'L') {
    const listA = valueA as WireValue[];
    const listB = valueB as WireValue[];
    return listA.length === listB.length && listA.every((element, index) => wireValuesEqual(element, listB[index]));
  }
  const canonical = typeA === 'NS' ? canonicalNumber : (text: string) => text;
  const setA = (valueA as string[]).map(canonical).sort();
  const setB = (valueB as string[]).map(canonical).sort();
  return setA.length === setB.length && setA.every((element, index) => element === setB[index]);
}

/** Identifies an item by its key attributes (`names`), equal for equal keys however numbers were written. */
export function keyIdentity(item: WireMap, names: readonly string[]): string {
  return JSON.stringify(
    names.map((name) => (item[name] && 'N' in item[name] ? { N: canonicalNumber(item[name].N as string) } : item[name])),
  );
}

/** Decimal text in one canonical form (no float rounding: DynamoDB numbers carry 38 digits). */
function canonicalNumber(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) return text;
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const digits = `${whole}${fraction}`;
  const leading = digits.length - digits.replace(/^0+/, '').length;
  const significant = digits.replace(/^0+/, '').replace(/0+$/, '');
  if (!significant) return '0';
  // value = 0.<significant> * 10^scale
  const scale = whole.length - leading + Number(exponent);
  return `${sign === '-' ? '-' : ''}0.${significant}e${scale}`;
}

function numberText(value: unknown, path: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return value;
  throw new MappingTemplateError(`Expected a number for '${path}' but got '${jsonKind(value)}' instead.`);
}

function expectString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new MappingTemplateError(`Expected a string for '${path}' but got '${jsonKind(value)}' instead.`);
  return value;
}

function expectList(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new MappingTemplateError(`Expected JSON array for '${path}' but got '${jsonKind(value)}' instead.`);
  return value;
}

/** Jackson node type names, which is what AppSync's messages show. */
export function jsonKind(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return 'ARRAY';
  switch (typeof value) {
    case 'string':
      return 'STRING';
    case 'number':
      return 'NUMBER';
    case 'boolean':
      return 'BOOLEAN';
    default:
      return 'OBJECT';
  }
}
