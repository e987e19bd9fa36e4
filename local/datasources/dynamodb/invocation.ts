/** What every operation handler of the DynamoDB data source receives and returns. */
import type { DynamoDbClient } from '../../dynamodb/client.js';
import type { DataSourceOutcome } from '../types.js';
import type { NextTokenCodec } from './next-token.js';

export interface Invocation {
  client: DynamoDbClient;
  /** the data source's table, for single-table operations */
  tableName: string;
  /** maps a table name written in a batch/transact request to the physical table */
  resolveTableName: (name: string) => string;
  tokens: NextTokenCodec;
  /** identifies the resolver/function: nextTokens only open in the scope that issued them */
  tokenScope: string;
}

/** `ctx.result` and, when DynamoDB refused the call, `ctx.error`. */
export type InvocationOutcome = DataSourceOutcome;
