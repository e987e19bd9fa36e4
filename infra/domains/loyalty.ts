import { Duration, Stack } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { bundledFunction } from '../bundled-function.js';
import { DeadLetterQueue } from '../platform/dead-letter-queue.js';
import { domainTable } from '../platform/domain-table.js';
import { IdempotentConsumer } from '../platform/idempotent-consumer.js';
import { keepLogicalId } from '../platform/logical-ids.js';
import { TransactionalOutbox } from '../platform/transactional-outbox.js';
import { pipelineFunction, pipelineResolver, unitResolver } from '../resolver-code.js';
import {
  eventPattern,
  GIFT_CODE_REDEEMED,
  POINTS_ADJUSTED,
  POINTS_EARNED,
  POINTS_EXPIRED,
  POINTS_EXPIRING,
  PRODUCT_REGISTERED,
  REWARD_REDEEMED,
  REWARD_REDEMPTION_CANCELLED,
  TIER_CHANGED,
} from '../../schema/events.js';

export interface LoyaltyProps {
  api: appsync.GraphqlApi;
  bus: events.IEventBus;
  idempotency: dynamodb.ITableV2;
  none: appsync.NoneDataSource;
  /** redeemReward and cancelRewardRedemption move its stock in their transactions */
  rewardsTable: dynamodb.ITableV2;
  /** where the CRM takes fulfilment tickets (CDK context `crmApiUrl`) */
  crmApiUrl: string;
  /** where members' emails live: expiry warnings look the address up by the member's sub */
  userPool: cognito.IUserPool;
  /** the SES identity expiry warnings are emailed from (CDK context `emailFromAddress`) */
  emailFromAddress: string;
}

/** The earning rules (docs/loyalty.md): tiers from points earned in a rolling 12 months, expiry after 365 days. */
const POLICY = { LOYALTY_TIERS: 'Bronze:0,Silver:1000,Gold:5000', LOYALTY_EXPIRY_DAYS: '365', LOYALTY_EXPIRY_WARNING_DAYS: '30' };
/** Events the resolvers owe: written with the item (the outbox), published once by their pipeline or the sweeper. */
const OUTBOX_EVENTS = [REWARD_REDEEMED, REWARD_REDEMPTION_CANCELLED, POINTS_ADJUSTED];
/** After each of these, the account has changed: it is pushed to onLoyaltyUpdated. */
const ACCOUNT_CHANGES = [POINTS_EARNED, POINTS_EXPIRED, TIER_CHANGED, ...OUTBOX_EVENTS];

/**
 * Loyalty (docs/loyalty.md): the ledger table, the consumer that credits other domains' events, the account
 * resolvers, reward redemption / cancellation / adjustment as single transactions with their outbox, the scheduled
 * expiry and tier review, fulfilment through a queue in front of the CRM, and the live account push.
 */
export class Loyalty extends Construct {
  readonly table: dynamodb.TableV2;
  readonly deadLetterQueues: DeadLetterQueue[] = [];

  constructor(scope: Construct, id: string, props: LoyaltyProps) {
    super(scope, id);
    const { api, bus, idempotency, rewardsTable } = props;
    this.table = domainTable(this, 'Table');
    keepLogicalId(this.table, 'GiftCodesLoyalty55AF8356');
    const table = this.table;
    api.addEnvironmentVariable('LOYALTY_TABLE', table.tableName);
    for (const [name, value] of Object.entries(POLICY)) api.addEnvironmentVariable(name, value);

    const ledger = new IdempotentConsumer(this, 'LoyaltyLedger', {
      entry: 'functions/loyalty-ledger/index.ts',
      environment: { LOYALTY_TABLE: table.tableName, BUS_NAME: bus.eventBusName, ...POLICY },
      idempotency,
      bus,
      // a redeemed gift code's value and a registered product's points (docs/loyalty.md, "Earning from other domains")
      eventPattern: eventPattern(GIFT_CODE_REDEEMED, PRODUCT_REGISTERED),
      trigger: { kind: 'direct' },
    });
    table.grantReadWriteData(ledger.function);
    bus.grantPutEventsTo(ledger.function);
    this.deadLetterQueues.push(...ledger.deadLetterQueues);

    // --- reads: the account and its ledger
    const readSource = new appsync.DynamoDbDataSource(this, 'LoyaltyTable', { api, table, readOnlyAccess: true });
    keepLogicalId(readSource, 'GiftCodesLoyaltyTableFBC10E13');
    // writes: transactWrite and batchGet name both tables themselves, so this role is granted both
    const writeSource = new appsync.DynamoDbDataSource(this, 'RewardRedemptionTables', { api, table });
    rewardsTable.grantReadWriteData(writeSource);
    // the writes' events reach the bus once: published by their pipeline, or swept if that publish failed
    const outbox = new TransactionalOutbox(this, 'Outbox', {
      api,
      bus,
      table,
      tableSource: writeSource,
      eventsSource: api.addEventBridgeDataSource('LoyaltyEvents', bus),
      name: 'loyalty',
    });
    this.deadLetterQueues.push(outbox.deadLetterQueue);
    const fn = (name: string, dataSource: appsync.BaseDataSource) => pipelineFunction(this, api, dataSource, { id: name });
    // resolvers that existed before keep their ids: same scope (the API), same id
    const pipeline = (typeName: string, fieldName: string, functions: appsync.AppsyncFunction[]) =>
      pipelineResolver(api, api, typeName, fieldName, functions);
    const account = [fn('loadLoyaltyAccount', readSource), fn('loadLoyaltyLots', readSource)];
    pipeline('Query', 'myLoyalty', account);
    pipeline('Mutation', 'notifyLoyaltyUpdated', account);
    unitResolver(readSource, 'LoyaltyAccount', 'ledger');
    unitResolver(readSource, 'Query', 'myRewardRedemptions');
    unitResolver(props.none, 'Subscription', 'onLoyaltyUpdated');
    pipeline('Mutation', 'redeemReward', [
      fn('loadRewardRedemption', writeSource),
      fn('commitRewardRedemption', writeSource),
      fn('loadReplayedRedemption', writeSource),
      ...outbox.steps,
    ]);
    pipeline('Mutation', 'cancelRewardRedemption', [
      fn('loadRedemptionToCancel', writeSource),
      fn('commitCancellation', writeSource),
      ...outbox.steps,
    ]);
    pipeline('Mutation', 'adjustPoints', [fn('loadAdjustment', writeSource), fn('commitAdjustment', writeSource), ...outbox.steps]);

    this.accountJob(table, bus);
    this.expiryWarningEmail(props);

    // --- fulfilment: reward_redeemed → a queue in front of the CRM's rate limit → vouchers, CRM tickets
    const fulfilment = new IdempotentConsumer(this, 'RewardFulfilment', {
      entry: 'functions/reward-fulfilment/index.ts',
      // the CRM's fulfilment endpoint, beside its tickets
      environment: { LOYALTY_TABLE: table.tableName, CRM_API_URL: `${props.crmApiUrl}/fulfilments` },
      timeout: Duration.seconds(65),
      reservedConcurrentExecutions: 2,
      idempotency,
      bus,
      eventPattern: eventPattern(REWARD_REDEEMED),
      trigger: {
        kind: 'buffered',
        queueId: 'RewardFulfilments',
        visibilityTimeout: Duration.seconds(70),
        maxReceiveCount: 5,
        batchSize: 10,
        maxConcurrency: 2,
      },
    });
    table.grantReadWriteData(fulfilment.function);
    this.deadLetterQueues.push(...fulfilment.deadLetterQueues);

    // --- the live account: every change pushes the account to onLoyaltyUpdated, through the API (IAM)
    const selection =
      'customerId balance tier { name threshold } nextTier { name threshold } pointsToNextTier pointsEarnedLast12Months nextExpiry { points expiresAt }';
    new events.Rule(this, 'AccountChangesToApi', {
      eventBus: bus,
      eventPattern: eventPattern(...ACCOUNT_CHANGES),
      targets: [
        new targets.AppSync(api, {
          graphQLOperation: `mutation NotifyLoyaltyUpdated($customerId: ID!) { notifyLoyaltyUpdated(customerId: $customerId) { ${selection} } }`,
          variables: events.RuleTargetInput.fromObject({ customerId: events.EventField.fromPath('$.detail.data.customerId') }),
          retryAttempts: 8,
          deadLetterQueue: this.deadLetterQueue('AccountPushDlq'),
        }),
      ],
    });
  }

  /** The account job: expiry and its warnings hourly, the tier review daily; `now` comes from the run. */
  private accountJob(table: dynamodb.TableV2, bus: events.IEventBus): void {
    const job = bundledFunction(this, 'LoyaltyAccountJob', 'functions/loyalty-ledger/expiry-job.ts', {
      environment: { LOYALTY_TABLE: table.tableName, BUS_NAME: bus.eventBusName, ...POLICY },
      timeout: Duration.minutes(15),
      memorySize: 512,
    });
    table.grantReadWriteData(job);
    bus.grantPutEventsTo(job);
    const run = (task: 'expire' | 'review', dlqId: string) =>
      new targets.LambdaFunction(job, {
        event: events.RuleTargetInput.fromObject({ task }),
        retryAttempts: 8,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.deadLetterQueue(dlqId),
      });
    new events.Rule(this, 'ExpireDuePoints', {
      schedule: events.Schedule.rate(Duration.hours(1)),
      targets: [run('expire', 'ExpiryJobDlq')],
    });
    new events.Rule(this, 'ReviewTiers', { schedule: events.Schedule.rate(Duration.days(1)), targets: [run('review', 'TierReviewDlq')] });
  }

  /**
   * points_expiring → an email to the member. The event names the member, not their address: the function finds it
   * in the user pool (ListUsers by sub, the pool's usernames are not subs), and may do nothing else there.
   */
  private expiryWarningEmail(props: LoyaltyProps): void {
    const { userPool, emailFromAddress } = props;
    const email = new IdempotentConsumer(this, 'PointsExpiringEmail', {
      entry: 'functions/points-expiring-email/index.ts',
      environment: { USER_POOL_ID: userPool.userPoolId, FROM_ADDRESS: emailFromAddress },
      idempotency: props.idempotency,
      bus: props.bus,
      eventPattern: eventPattern(POINTS_EXPIRING),
      trigger: { kind: 'direct' },
    });
    userPool.grant(email.function, 'cognito-idp:ListUsers');
    email.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: emailFromAddress })],
      }),
    );
    this.deadLetterQueues.push(...email.deadLetterQueues);
  }

  private deadLetterQueue(queueId: string): DeadLetterQueue {
    const queue = new DeadLetterQueue(this, queueId);
    this.deadLetterQueues.push(queue);
    return queue;
  }
}
