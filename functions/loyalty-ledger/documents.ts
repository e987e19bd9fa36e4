import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** One document client per container, shared by the ledger's modules. */
export const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
