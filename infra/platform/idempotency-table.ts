import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

/**
 * Where every consumer records the events it has handled (Powertools idempotency's defaults: partition key `id`,
 * TTL on `expiration`). One table serves all consumers: Powertools prefixes each key with the function's name.
 * Its records expire anyway, so it goes with the stack. It has neither point-in-time recovery nor deletion
 * protection, deliberately: a record lives an hour (Powertools' default expiry), less than a restore takes, so a
 * restored copy would hold nothing still useful; and a stack that is torn down must be able to remove it.
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
