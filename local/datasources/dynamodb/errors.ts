/**
 * The two ways a DynamoDB data-source invocation fails, as AppSync reports them:
 * - the request object is invalid: AppSync never calls DynamoDB and the field fails with errorType
 *   `MappingTemplate` (thrown as MappingTemplateError);
 * - DynamoDB refused the call: the response handler still runs, with `ctx.error = { message, type }`.
 */
import { DynamoDbError } from '../../dynamodb/errors.js';
import type { DataSourceOutcome } from '../types.js';

// The engine recognises the data sources' shared class; messages here follow AppSync's wording,
// e.g. `Unsupported element '$[foo]'.` and `Value for field '$[key]' not found.`
export { MappingTemplateError } from '../types.js';

export type DataSourceError = NonNullable<DataSourceOutcome['error']>;

// Exceptions modelled in the DynamoDB API keep their name in `ctx.error.type`; AppSync's Java SDK turns all
// others (ValidationException, SerializationException, ...) into the generic DynamoDbException.
const MODELED_EXCEPTIONS = new Set([
  'ConditionalCheckFailedException',
  'IdempotentParameterMismatchException',
  'InternalServerErrorException',
  'ItemCollectionSizeLimitExceededException',
  'ProvisionedThroughputExceededException',
  'ReplicatedWriteConflictException',
  'RequestLimitExceeded',
  'ResourceNotFoundException',
  'ThrottlingException',
  'TransactionCanceledException',
  'TransactionConflictException',
  'TransactionInProgressException',
]);

/** `ctx.error` for a DynamoDB failure, worded like the AWS Java SDK that AppSync uses. */
export function dataSourceErrorFrom(error: unknown): DataSourceError {
  if (!(error instanceof DynamoDbError)) throw error;
  if (error.statusCode === 0) {
    return { type: 'DynamoDB:DynamoDbException', message: `Unable to execute HTTP request: ${error.message}` };
  }
  return {
    type: `DynamoDB:${MODELED_EXCEPTIONS.has(error.name) ? error.name : 'DynamoDbException'}`,
    message: `${error.message} (Service: DynamoDb, Status Code: ${error.statusCode}, Request ID: ${error.requestId})`,
  };
}

/** What AppSync answers for a nextToken it did not issue to this resolver, or one that was altered. */
export const INVALID_NEXT_TOKEN_ERROR: DataSourceError = {
  type: 'DynamoDB:UserIllegalArgumentException',
  message: 'com.amazonaws.deepdish.common.pagination.InvalidPaginationTokenException: Invalid pagination token given.',
};
