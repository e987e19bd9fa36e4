/**
 * The update object of `ddb.update` → DynamoDB update expression, named like AWS does
 * (`SET #expName_1 = #expName_1 + :expValue_1`). Plain values and add/replace SET the attribute,
 * nested plain objects SET their members by path, remove() REMOVEs, increment/decrement do
 * arithmetic, append/prepend use list_append, and a list of updateListItem markers sets items by index.
 */
import { UtilUsageError } from '../signals.js';
import { toDynamoDB, type AttributeValue } from '../util/dynamodb.js';
import { isUpdateOperation } from './operations.js';

export interface DynamoDBExpression {
  expression: string;
  expressionNames: Record<string, string>;
  expressionValues: Record<string, AttributeValue>;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

class UpdateWriter {
  private readonly placeholders = new Map<string, string>();
  readonly names: Record<string, string> = {};
  readonly values: Record<string, AttributeValue> = {};
  readonly set: string[] = [];
  readonly remove: string[] = [];
  private valueCount = 0;

  private name(attribute: string): string {
    let placeholder = this.placeholders.get(attribute);
    if (!placeholder) {
      placeholder = `#expName_${this.placeholders.size + 1}`;
      this.placeholders.set(attribute, placeholder);
      this.names[placeholder] = attribute;
    }
    return placeholder;
  }

  private value(value: unknown): string {
    const placeholder = `:expValue_${++this.valueCount}`;
    this.values[placeholder] = toDynamoDB(value);
    return placeholder;
  }

  members(update: Record<string, unknown>, parentPath: string): void {
    for (const [attribute, change] of Object.entries(update)) {
      if (change === undefined) continue;
      this.member(parentPath ? `${parentPath}.${this.name(attribute)}` : this.name(attribute), change);
    }
  }

  private member(path: string, change: unknown): void {
    if (isUpdateOperation(change)) {
      switch (change.type) {
        case 'OPERATION_ADD':
        case 'OPERATION_REPLACE':
          this.set.push(`${path} = ${this.value(change.value)}`);
          return;
        case 'OPERATION_REMOVE':
          this.remove.push(path);
          return;
        case 'OPERATION_INCREMENT':
          this.set.push(`${path} = ${path} + ${this.value(change.by)}`);
          return;
        case 'OPERATION_DECREMENT':
          this.set.push(`${path} = ${path} - ${this.value(change.by)}`);
          return;
        case 'OPERATION_APPEND':
          this.set.push(`${path} = list_append(${path}, ${this.value(change.items)})`);
          return;
        case 'OPERATION_PREPEND':
          this.set.push(`${path} = list_append(${this.value(change.items)}, ${path})`);
          return;
        case 'OPERATION_UPDATE_LIST_ITEM':
          this.set.push(`${path}[${Number(change.index)}] = ${this.value(change.value)}`);
          return;
      }
    }
    if (Array.isArray(change) && change.length > 0 && change.every(isUpdateOperation)) {
      for (const item of change) {
        if (item.type !== 'OPERATION_UPDATE_LIST_ITEM')
          throw new UtilUsageError(`Only updateListItem operations can be combined in a list (${item.type})`);
        this.member(path, item);
      }
      return;
    }
    if (isPlainObject(change)) {
      this.members(change, path);
      return;
    }
    this.set.push(`${path} = ${this.value(change)}`);
  }
}

export function toUpdateExpression(update: unknown): DynamoDBExpression {
  if (!isPlainObject(update)) throw new UtilUsageError('update must be an object');
  const writer = new UpdateWriter();
  writer.members(update, '');
  const sections: string[] = [];
  if (writer.set.length) sections.push(`SET ${writer.set.join(', ')}`);
  if (writer.remove.length) sections.push(`REMOVE ${writer.remove.join(', ')}`);
  return { expression: sections.join(' '), expressionNames: writer.names, expressionValues: writer.values };
}
