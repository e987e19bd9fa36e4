/** Key conditions, projections and condition/filter objects of the DynamoDB module helpers. */
import { UtilUsageError } from '../signals.js';
import { toDynamoDB, type AttributeValue } from '../util/dynamodb.js';
import { toDynamoDBFilterExpression } from '../util/transform/dynamodb-expression.js';

export interface Expression {
  expression: string;
  expressionNames?: Record<string, string>;
  expressionValues?: Record<string, AttributeValue>;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const KEY_COMPARISONS: Record<string, string> = { eq: '=', lt: '<', le: '<=', gt: '>', ge: '>=' };

/** `{pk:{eq}, sk:{between|beginsWith|...}}` → a key condition expression (no OR/NOT allowed by DynamoDB). */
export function keyCondition(query: unknown): Expression {
  if (!isPlainObject(query)) throw new UtilUsageError('query must be an object of key conditions');
  const clauses: string[] = [];
  const expressionNames: Record<string, string> = {};
  const expressionValues: Record<string, AttributeValue> = {};
  for (const [field, operators] of Object.entries(query)) {
    if (operators === undefined) continue;
    if (!isPlainObject(operators)) throw new UtilUsageError(`Key condition for ${field} must be an object of operators`);
    const name = `#${field}`;
    expressionNames[name] = field;
    for (const [op, operand] of Object.entries(operators)) {
      if (operand === undefined) continue;
      const value = `:${field}_${op}`;
      if (Object.hasOwn(KEY_COMPARISONS, op)) {
        expressionValues[value] = toDynamoDB(operand);
        clauses.push(`${name} ${KEY_COMPARISONS[op]} ${value}`);
      } else if (op === 'beginsWith') {
        expressionValues[value] = toDynamoDB(operand);
        clauses.push(`begins_with(${name},${value})`);
      } else if (op === 'between') {
        if (!Array.isArray(operand) || operand.length < 2) throw new UtilUsageError(`between on ${field} needs two bounds`);
        expressionValues[`${value}_start`] = toDynamoDB(operand[0]);
        expressionValues[`${value}_end`] = toDynamoDB(operand[1]);
        clauses.push(`${name} BETWEEN ${value}_start AND ${value}_end`);
      } else throw new UtilUsageError(`Unsupported key condition operator '${op}' on ${field}`);
    }
  }
  return { expression: clauses.join(' AND '), expressionNames, expressionValues };
}

/** A DynamoDBFilterObject (or an already rendered {expression,...}) → filter/condition expression. */
export function filterExpression(filter: unknown, what: string): Expression | undefined {
  if (filter === undefined || filter === null) return undefined;
  if (isPlainObject(filter) && typeof filter.expression === 'string') return filter as unknown as Expression;
  const json = toDynamoDBFilterExpression(filter);
  if (json === null) throw new UtilUsageError(`Invalid ${what} object`);
  const rendered = JSON.parse(json) as Expression;
  return rendered.expression ? rendered : undefined;
}

/** ['a', 'b.c'] → {expression:'#projection_1, #projection_2.#projection_3', expressionNames}. */
export function projectionExpression(projection: unknown): Expression | undefined {
  if (projection === undefined || projection === null) return undefined;
  if (!Array.isArray(projection)) throw new UtilUsageError('projection must be a list of attribute names');
  const placeholders = new Map<string, string>();
  const expressionNames: Record<string, string> = {};
  const placeholder = (segment: string) => {
    let p = placeholders.get(segment);
    if (!p) {
      p = `#projection_${placeholders.size + 1}`;
      placeholders.set(segment, p);
      expressionNames[p] = segment;
    }
    return p;
  };
  const expression = projection.map((path) => String(path).split('.').map(placeholder).join('.')).join(', ');
  return { expression, expressionNames };
}
