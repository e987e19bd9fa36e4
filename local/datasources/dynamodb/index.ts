/**
 * The AppSync DynamoDB data source: takes the request object an APPSYNC_JS request handler returned,
 * validates it as AppSync does, runs it against DynamoDB (Local) and shapes `ctx.result` / `ctx.error`
 * exactly as AppSync would.
 */
import type { DynamoDbClient } from '../../dynamodb/client.js';
import type { DataSource } from '../types.js';
import { MappingTemplateError } from './errors.js';
import type { Invocation, InvocationOutcome } from './invocation.js';
import { batchDeleteItem, batchGetItem, batchPutItem } from './batch-operations.js';
import { deleteItem, getItem, putItem, updateItem } from './item-operations.js';
import { query, scan } from './list-operations.js';
import { NextTokenCodec } from './next-token.js';
import { asRequestObject, requiredString, type RequestObject } from './request-elements.js';
import { transactGetItems, transactWriteItems } from './transact-operations.js';

export { MappingTemplateError } from './errors.js';
export type { DataSourceError } from './errors.js';
export type { InvocationOutcome } from './invocation.js';

export interface DynamoDbDataSourceConfig {
  client: DynamoDbClient;
  /** the data source's table (physical name) */
  tableName: string;
  region: string;
  /** seals nextTokens; tokens from a data source with another secret or region are rejected */
  tokenSecret: string;
  /** maps the table names batch/transact requests use to physical tables; default: unchanged */
  tableNames?: (name: string) => string;
}

/**
 * `invoke(request, { tokenScope })` resolves with `{ result, error? }` (error = `ctx.error` when DynamoDB
 * refused the call) and rejects with a MappingTemplateError when the request object itself is invalid.
 */
export type DynamoDbDataSource = DataSource;

type OperationHandler = (request: RequestObject, invocation: Invocation) => Promise<InvocationOutcome>;

const OPERATIONS: Record<string, OperationHandler> = {
  GetItem: getItem,
  PutItem: putItem,
  UpdateItem: updateItem,
  DeleteItem: deleteItem,
  Query: query,
  Scan: scan,
  BatchGetItem: batchGetItem,
  BatchPutItem: batchPutItem,
  BatchDeleteItem: batchDeleteItem,
  TransactGetItems: transactGetItems,
  TransactWriteItems: transactWriteItems,
};

export function createDynamoDbDataSource(config: DynamoDbDataSourceConfig): DynamoDbDataSource {
  const tokens = new NextTokenCodec(config.tokenSecret, config.region);
  const resolveTableName = config.tableNames ?? ((name: string) => name);
  return {
    async invoke(request, scope) {
      const requestObject = asRequestObject(request, '$');
      const operation = requiredString(requestObject, 'operation', '$');
      const handler = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
      if (!handler) {
        if (operation === 'Sync') {
          throw new MappingTemplateError(
            'Sync is only supported on versioned data sources (conflict detection), which the local engine does not provide.',
          );
        }
        throw new MappingTemplateError(`Unsupported operation '${operation}'.`);
      }
      return handler(requestObject, {
        client: config.client,
        tableName: config.tableName,
        resolveTableName,
        tokens,
        tokenScope: scope.tokenScope,
      });
    },
  };
}
