import * as appsync from 'aws-cdk-lib/aws-appsync';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import type { DeadLetterQueue } from '../platform/dead-letter-queue.js';
import { domainTable } from '../platform/domain-table.js';
import { IdempotentConsumer } from '../platform/idempotent-consumer.js';
import { keepLogicalId } from '../platform/logical-ids.js';
import { unitResolver } from '../resolver-code.js';
import { eventPattern, GIFT_CODE_REDEEMED } from '../../schema/events.js';

export interface LoyaltyProps {
  api: appsync.GraphqlApi;
  bus: events.IEventBus;
  idempotency: dynamodb.ITableV2;
}

/**
 * Loyalty accounts (docs/gift-codes.md: Loyalty): the balance and ledger table, the ledger that credits redeemed
 * codes' value and announces the outcome (`redemption_value_applied` / `redemption_failed`), and the customer's
 * read of their account.
 */
export class Loyalty extends Construct {
  readonly table: dynamodb.TableV2;
  readonly deadLetterQueues: DeadLetterQueue[];

  constructor(scope: Construct, id: string, { api, bus, idempotency }: LoyaltyProps) {
    super(scope, id);
    this.table = domainTable(this, 'Table');
    keepLogicalId(this.table, 'GiftCodesLoyalty55AF8356');

    const ledger = new IdempotentConsumer(this, 'LoyaltyLedger', {
      entry: 'functions/loyalty-ledger/index.ts',
      environment: { LOYALTY_TABLE: this.table.tableName, BUS_NAME: bus.eventBusName },
      idempotency,
      bus,
      eventPattern: eventPattern(GIFT_CODE_REDEEMED),
      trigger: { kind: 'direct' },
    });
    this.table.grantReadWriteData(ledger.function);
    bus.grantPutEventsTo(ledger.function);
    this.deadLetterQueues = ledger.deadLetterQueues;

    const source = new appsync.DynamoDbDataSource(this, 'LoyaltyTable', { api, table: this.table, readOnlyAccess: true });
    keepLogicalId(source, 'GiftCodesLoyaltyTableFBC10E13');
    unitResolver(source, 'Query', 'myLoyalty');
    unitResolver(source, 'LoyaltyAccount', 'ledger');
  }
}
