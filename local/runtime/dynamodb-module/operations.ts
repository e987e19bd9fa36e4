/**
 * `ddb.operations.*` markers. Their shape is what AWS EvaluateCode returns for them
 * ({type:"OPERATION_INCREMENT", by}, {type:"OPERATION_APPEND", items}, ...).
 */
export type UpdateOperation =
  | { type: 'OPERATION_ADD'; value: unknown }
  | { type: 'OPERATION_REMOVE' }
  | { type: 'OPERATION_REPLACE'; value: unknown }
  | { type: 'OPERATION_INCREMENT'; by: number }
  | { type: 'OPERATION_DECREMENT'; by: number }
  | { type: 'OPERATION_APPEND'; items: unknown[] }
  | { type: 'OPERATION_PREPEND'; items: unknown[] }
  | { type: 'OPERATION_UPDATE_LIST_ITEM'; value: unknown; index: number };

const OPERATION_TYPES = new Set([
  'OPERATION_ADD',
  'OPERATION_REMOVE',
  'OPERATION_REPLACE',
  'OPERATION_INCREMENT',
  'OPERATION_DECREMENT',
  'OPERATION_APPEND',
  'OPERATION_PREPEND',
  'OPERATION_UPDATE_LIST_ITEM',
]);

export function isUpdateOperation(value: unknown): value is UpdateOperation {
  return typeof value === 'object' && value !== null && OPERATION_TYPES.has((value as { type?: unknown }).type as string);
}

export const operations = {
  add: (value: unknown): UpdateOperation => ({ type: 'OPERATION_ADD', value }),
  remove: (): UpdateOperation => ({ type: 'OPERATION_REMOVE' }),
  replace: (value: unknown): UpdateOperation => ({ type: 'OPERATION_REPLACE', value }),
  increment: (by = 1): UpdateOperation => ({ type: 'OPERATION_INCREMENT', by }),
  decrement: (by = 1): UpdateOperation => ({ type: 'OPERATION_DECREMENT', by }),
  append: (items: unknown[]): UpdateOperation => ({ type: 'OPERATION_APPEND', items }),
  prepend: (items: unknown[]): UpdateOperation => ({ type: 'OPERATION_PREPEND', items }),
  updateListItem: (value: unknown, index: number): UpdateOperation => ({ type: 'OPERATION_UPDATE_LIST_ITEM', value, index }),
};
