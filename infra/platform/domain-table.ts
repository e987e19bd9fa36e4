import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

/**
 * A table that holds a domain's records: kept when the stack goes (RETAIN), protected from deletion (a delete
 * through the console or API fails until someone turns the protection off) and recoverable to any second of the
 * last 35 days. Its throttling alarms come from infra/platform/monitoring.ts. Keys default to the single-table `pk`/`sk` pair; a domain overrides them when its access
 * pattern is simpler.
 */
export function domainTable(scope: Construct, id: string, props: Partial<dynamodb.TablePropsV2> = {}): dynamodb.TableV2 {
  return new dynamodb.TableV2(scope, id, {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    ...props,
  });
}
