/**
 * util.transform.toDynamoDBFilterExpression / toDynamoDBConditionExpression. The output shape follows
 * what AWS returns: every comparison in parentheses, top-level members joined by " AND " without
 * wrapping, groups of two or more wrapped, names "#field" and values ":<and_0_|or_1_|not_ ...>field_op".
 * Input AWS cannot render yields null (not an error); both entry points render identically.
 */
import { toDynamoDB, type AttributeValue } from '../dynamodb.js';

const COMPARISONS: Record<string, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };
const FUNCTIONS: Record<string, (target: string, value: string) => string> = {
  contains: (t, v) => `contains(${t},${v})`,
  notContains: (t, v) => `NOT contains(${t},${v})`,
  beginsWith: (t, v) => `begins_with(${t},${v})`,
};
const ATTRIBUTE_TYPE_CODES: Record<string, string> = {
  _null: 'NULL',
  string: 'S',
  stringSet: 'SS',
  number: 'N',
  numberSet: 'NS',
  binary: 'B',
  binarySet: 'BS',
  boolean: 'BOOL',
  list: 'L',
  map: 'M',
};

/** Thrown internally for input AWS answers with null. */
class Unrenderable extends Error {}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

class ExpressionWriter {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, AttributeValue> = {};

  object(filter: unknown, prefix: string): string {
    if (!isPlainObject(filter)) throw new Unrenderable();
    const parts: string[] = [];
    for (const [key, member] of Object.entries(filter)) {
      if (member === undefined) continue;
      if (key === 'and' || key === 'or') parts.push(this.group(key, member, prefix));
      else if (key === 'not') {
        if (!isPlainObject(member)) throw new Unrenderable();
        parts.push(`(NOT ${this.object(member, `${prefix}not_`)})`);
      } else parts.push(this.field(key, member, prefix));
    }
    return parts.join(' AND ');
  }

  private group(kind: 'and' | 'or', members: unknown, prefix: string): string {
    if (!Array.isArray(members)) throw new Unrenderable();
    const rendered = members.map((m, i) => {
      if (!isPlainObject(m)) throw new Unrenderable();
      return this.object(m, `${prefix}${kind}_${i}_`);
    });
    return rendered.length === 1 ? rendered[0] : rendered.length === 0 ? '' : `(${rendered.join(kind === 'and' ? ' AND ' : ' OR ')})`;
  }

  private field(field: string, operators: unknown, prefix: string): string {
    if (!isPlainObject(operators)) throw new Unrenderable();
    const name = `#${field}`;
    this.names[name] = field;
    const clauses = this.operators(name, false, operators, `${prefix}${field}_`);
    return clauses.length === 1 ? clauses[0] : clauses.length === 0 ? '' : `(${clauses.join(' AND ')})`;
  }

  private value(placeholder: string, value: unknown): string {
    this.values[placeholder] = toDynamoDB(value);
    return placeholder;
  }

  private operators(name: string, ofSize: boolean, operators: Record<string, unknown>, valuePrefix: string): string[] {
    const target = ofSize ? `size(${name})` : name;
    const clauses: string[] = [];
    for (const [op, operand] of Object.entries(operators)) {
      if (operand === undefined) continue;
      const placeholder = `:${valuePrefix}${op}`;
      if (Object.hasOwn(COMPARISONS, op)) clauses.push(`(${target} ${COMPARISONS[op]} ${this.value(placeholder, operand)})`);
      else if (Object.hasOwn(FUNCTIONS, op)) clauses.push(`(${FUNCTIONS[op](target, this.value(placeholder, operand))})`);
      else if (op === 'between') {
        if (!Array.isArray(operand) || operand.length < 2) throw new Unrenderable();
        const start = this.value(`${placeholder}_start`, operand[0]);
        const end = this.value(`${placeholder}_end`, operand[1]);
        clauses.push(`(${target} BETWEEN ${start} AND ${end})`);
      } else if (op === 'in') {
        if (!Array.isArray(operand)) throw new Unrenderable();
        const list = operand.map((v, i) => this.value(`${placeholder}_${i}`, v));
        clauses.push(list.length ? `(${target} IN (${list.join(', ')}))` : '(null)');
      } else if (op === 'attributeExists') {
        if (typeof operand !== 'boolean') throw new Unrenderable();
        clauses.push(`(${operand ? 'attribute_exists' : 'attribute_not_exists'}(${target}))`);
      } else if (op === 'attributeType') {
        const code =
          typeof operand === 'string' && Object.hasOwn(ATTRIBUTE_TYPE_CODES, operand) ? ATTRIBUTE_TYPE_CODES[operand] : undefined;
        if (!code) throw new Unrenderable();
        clauses.push(`(attribute_type(${target},${this.value(placeholder, code)}))`);
      } else if (op === 'size') {
        if (!isPlainObject(operand)) throw new Unrenderable();
        // size() is never nested: an inner size only lengthens the value names
        clauses.push(...this.operators(name, true, operand, `${valuePrefix}size_`));
      } else throw new Unrenderable();
    }
    return clauses;
  }
}

function toExpressionJson(filter: unknown): string | null {
  const writer = new ExpressionWriter();
  try {
    const expression = writer.object(filter, '');
    return JSON.stringify({ expression, expressionNames: writer.names, expressionValues: writer.values });
  } catch (e) {
    if (e instanceof Unrenderable) return null;
    throw e;
  }
}

export const toDynamoDBFilterExpression = toExpressionJson;
export const toDynamoDBConditionExpression = toExpressionJson;
