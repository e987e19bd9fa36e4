import * as appsync from 'aws-cdk-lib/aws-appsync';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import {
  eventPattern,
  GIFT_CODE_REDEEMED,
  POINTS_EARNED,
  REDEMPTION_FAILED,
  REDEMPTION_VALUE_APPLIED,
  REWARD_REDEEMED,
  TIER_CHANGED,
} from '../../schema/events.js';
import type { DeadLetterQueue } from '../platform/dead-letter-queue.js';
import { domainTable } from '../platform/domain-table.js';
import { IdempotentConsumer } from '../platform/idempotent-consumer.js';
import { keepLogicalId } from '../platform/logical-ids.js';
import { unitResolver } from '../resolver-code.js';

export interface AccountHistoryProps {
  api: appsync.GraphqlApi;
  bus: events.IEventBus;
}

/**
 * The events that are lines of the history. Points earned from a gift code are already told by
 * redemption_value_applied ("500 points added to your balance"): only points_earned carries `sourceType`, and
 * those from a gift code are left out here, so they never invoke the writer.
 */
const HISTORY_EVENTS: events.EventPattern = {
  ...eventPattern(GIFT_CODE_REDEEMED, REDEMPTION_VALUE_APPLIED, REDEMPTION_FAILED, REWARD_REDEEMED, POINTS_EARNED, TIER_CHANGED),
  detail: { data: { sourceType: [{ 'anything-but': ['GIFT_CODE'] }, { exists: false }] } },
};

/** What happened on a customer's account, in order (docs/gift-codes.md: AccountHistory): written from the events, read by the customer. */
export class AccountHistory extends Construct {
  readonly table: dynamodb.TableV2;
  readonly deadLetterQueues: DeadLetterQueue[];

  constructor(scope: Construct, id: string, { api, bus }: AccountHistoryProps) {
    super(scope, id);
    this.table = domainTable(this, 'Table');
    keepLogicalId(this.table, 'GiftCodesAccountHistory69BD96EC');

    const writer = new IdempotentConsumer(this, 'AccountHistoryWriter', {
      entry: 'functions/account-history/index.ts',
      environment: { ACCOUNT_HISTORY_TABLE: this.table.tableName },
      // the entry's key holds the event's event_id and its put is conditional: no idempotency record needed
      idempotency: 'conditionalWrite',
      bus,
      eventPattern: HISTORY_EVENTS,
      trigger: { kind: 'direct' },
    });
    this.table.grantWriteData(writer.function);
    this.deadLetterQueues = writer.deadLetterQueues;

    const source = new appsync.DynamoDbDataSource(this, 'AccountHistoryTable', { api, table: this.table, readOnlyAccess: true });
    keepLogicalId(source, 'GiftCodesAccountHistoryTable10D0535B');
    unitResolver(source, 'Query', 'myAccountHistory');
  }
}
