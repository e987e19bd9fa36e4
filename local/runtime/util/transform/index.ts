/** util.transform */
import { toDynamoDBConditionExpression, toDynamoDBFilterExpression } from './dynamodb-expression.js';
import { toElasticsearchQueryDSL } from './opensearch.js';
import { toSubscriptionFilter } from './subscription-filter.js';

export const transform = {
  toDynamoDBFilterExpression,
  toDynamoDBConditionExpression,
  toElasticsearchQueryDSL,
  toSubscriptionFilter,
};
