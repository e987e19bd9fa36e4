import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

/**
 * Where every consumer records the events it has handled (Powertools idempotency's defaults: partition key `id`,
 * TTL on `expiration`). One table serves all consumers: Powertools prefixes each key with the function's name.
 * Its records expire anyway, so it goes with the stack.
 */
export class IdempotencyTable extends dynamodb.TableV2 {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
