import { Duration } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { bundledFunction } from './bundled-function.js';
import { resolverCode, unitResolver } from './resolver-code.js';

export interface LoyaltyProps {
  api: appsync.GraphqlApi;
  bus: events.EventBus;
  none: appsync.NoneDataSource;
  rewardsTable: dynamodb.TableV2;
  /** created by GiftCodes before Loyalty was a domain; kept there so its logical id does not change */
  loyaltyTable: dynamodb.TableV2;
  idempotencyTable: dynamodb.TableV2;
  outboxRelay: lambda.IFunction;
  crmApiUrl: string;
  /** LOYALTY_TIERS, LOYALTY_EXPIRY_DAYS, LOYALTY_EXPIRY_WARNING_DAYS */
  policy: Record<string, string>;
}

/** Events the resolvers owe, carried by the items they write and published from the Loyalty table's stream. */
const OUTBOX_EVENTS = ['reward_redeemed', 'reward_redemption_cancelled', 'points_adjusted'];
/** Every event after which an account has changed: each one pushes the account to its subscribers. */
const ACCOUNT_CHANGES = ['points_earned', 'points_expired', 'tier_changed', ...OUTBOX_EVENTS];

/**
 * Loyalty (docs/loyalty.md): the ledger's resolvers (redeem, cancel, adjust, the account), the reward import,
 * the outbox pipes, the scheduled expiry and tier review, reward fulfilment through the CRM's queue, and the live
 * account push.
 */
export class Loyalty extends Construct {
  readonly deadLetterQueues: sqs.Queue[] = [];

  constructor(scope: Construct, id: string, props: LoyaltyProps) {
    super(scope, id);
    const { api, bus, none, rewardsTable, loyaltyTable: table, idempotencyTable } = props;
    api.addEnvironmentVariable('LOYALTY_TABLE', table.tableName);
    for (const [name, value] of Object.entries(props.policy)) api.addEnvironmentVariable(name, value);

    // --- resolvers: one data source for the ledger; transactWrite and batchGet name both tables, so its role has both
    const ledgerSource = new appsync.DynamoDbDataSource(this, 'LoyaltyLedgerTables', { api, table });
    rewardsTable.grantReadWriteData(ledgerSource);
    const readSource = new appsync.DynamoDbDataSource(this, 'LoyaltyReadOnly', { api, table, readOnlyAccess: true });
    const fn = (name: string, dataSource: appsync.BaseDataSource) =>
      new appsync.AppsyncFunction(this, name, {
        api,
        name,
        dataSource,
        runtime: appsync.FunctionRuntime.JS_1_0_0,
        code: resolverCode(`functions/${name}`),
      });
    const pipeline = (typeName: string, fieldName: string, functions: appsync.AppsyncFunction[]) =>
      new appsync.Resolver(this, `${typeName}${fieldName}`, {
        api,
        typeName,
        fieldName,
        runtime: appsync.FunctionRuntime.JS_1_0_0,
        code: resolverCode(`${typeName}.${fieldName}`),
        pipelineConfig: functions,
      });
    const account = [fn('loadLoyaltyAccount', readSource), fn('loadLoyaltyLots', readSource)];
    pipeline('Query', 'myLoyalty', account);
    pipeline('Mutation', 'notifyLoyaltyUpdated', account);
    unitResolver(readSource, 'LoyaltyAccount', 'ledger');
    unitResolver(readSource, 'Query', 'myRewardRedemptions');
    unitResolver(none, 'Subscription', 'onLoyaltyUpdated');
    pipeline('Mutation', 'redeemReward', [
      fn('loadRewardRedemption', ledgerSource),
      fn('commitRewardRedemption', ledgerSource),
      fn('loadReplayedRedemption', ledgerSource),
    ]);
    pipeline('Mutation', 'cancelRewardRedemption', [fn('loadRedemptionToCancel', ledgerSource), fn('commitCancellation', ledgerSource)]);
    pipeline('Mutation', 'adjustPoints', [fn('loadAdjustment', ledgerSource), fn('commitAdjustment', ledgerSource)]);

    // 1,000 conditional puts do not fit one APPSYNC_JS request: a Lambda answers item by item
    const importer = bundledFunction(this, 'RewardImporter', 'functions/reward-import/index.ts', {
      environment: { REWARDS_TABLE: rewardsTable.tableName },
      timeout: Duration.seconds(25),
      memorySize: 512,
    });
    rewardsTable.grantReadWriteData(importer);
    unitResolver(api.addLambdaDataSource('RewardImporter', importer), 'Mutation', 'importRewards');

    // --- the outbox: one pipe per event name (a pipe's target names one detail-type)
    const outboxDlq = this.deadLetterQueue('LoyaltyOutboxDlq');
    const pipeRole = new iam.Role(this, 'LoyaltyOutboxPipeRole', { assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com') });
    table.grantStreamRead(pipeRole);
    props.outboxRelay.grantInvoke(pipeRole);
    bus.grantPutEventsTo(pipeRole);
    outboxDlq.grantSendMessages(pipeRole);
    for (const detailType of OUTBOX_EVENTS) {
      new pipes.CfnPipe(this, `Outbox-${detailType}`, {
        roleArn: pipeRole.roleArn,
        source: table.tableStreamArn!,
        sourceParameters: {
          dynamoDbStreamParameters: {
            startingPosition: 'TRIM_HORIZON',
            batchSize: 10,
            maximumRetryAttempts: -1,
            deadLetterConfig: { arn: outboxDlq.queueArn },
          },
          filterCriteria: {
            filters: [
              {
                pattern: JSON.stringify({
                  eventName: ['INSERT'],
                  dynamodb: { NewImage: { outbox: { M: { detailType: { S: [detailType] } } } } },
                }),
              },
            ],
          },
        },
        enrichment: props.outboxRelay.functionArn,
        target: bus.eventBusArn,
        targetParameters: { eventBridgeEventBusParameters: { source: 'loyalty.ledger', detailType } },
      });
    }

    // --- the account job: expiry (and its warnings) hourly, the tier review daily
    const job = bundledFunction(this, 'LoyaltyAccountJob', 'functions/loyalty-ledger/expiry-job.ts', {
      environment: { LOYALTY_TABLE: table.tableName, BUS_NAME: bus.eventBusName, ...props.policy },
      timeout: Duration.minutes(15),
      memorySize: 512,
    });
    table.grantReadWriteData(job);
    bus.grantPutEventsTo(job);
    new events.Rule(this, 'ExpireDuePoints', {
      schedule: events.Schedule.rate(Duration.hours(1)),
      targets: [new targets.LambdaFunction(job, { event: events.RuleTargetInput.fromObject({ task: 'expire' }), retryAttempts: 2 })],
    });
    new events.Rule(this, 'ReviewTiers', {
      schedule: events.Schedule.rate(Duration.days(1)),
      targets: [new targets.LambdaFunction(job, { event: events.RuleTargetInput.fromObject({ task: 'review' }), retryAttempts: 2 })],
    });

    // --- fulfilment: reward_redeemed → a queue in front of the CRM's rate limit → the fulfilment function
    const fulfilment = bundledFunction(this, 'RewardFulfilment', 'functions/reward-fulfilment/index.ts', {
      environment: { LOYALTY_TABLE: table.tableName, CRM_API_URL: props.crmApiUrl, IDEMPOTENCY_TABLE: idempotencyTable.tableName },
      timeout: Duration.seconds(65),
      reservedConcurrentExecutions: 2,
    });
    table.grantReadWriteData(fulfilment);
    idempotencyTable.grantReadWriteData(fulfilment);
    const fulfilmentQueue = new sqs.Queue(this, 'RewardFulfilments', {
      visibilityTimeout: Duration.seconds(70),
      retentionPeriod: Duration.days(4),
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue('RewardFulfilmentsDlq'), maxReceiveCount: 3 },
    });
    fulfilment.addEventSource(new SqsEventSource(fulfilmentQueue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 2 }));
    new events.Rule(this, 'RewardRedeemedToFulfilment', {
      eventBus: bus,
      eventPattern: { source: ['loyalty.ledger'], detailType: ['reward_redeemed'] },
      targets: [new targets.SqsQueue(fulfilmentQueue, { deadLetterQueue: this.deadLetterQueue('FulfilmentRuleDlq') })],
    });

    // --- the live account: every change pushes the account to onLoyaltyUpdated, through the API (IAM)
    const accountSelection =
      'customerId balance tier { name threshold } nextTier { name threshold } pointsToNextTier pointsEarnedLast12Months nextExpiry { points expiresAt }';
    new events.Rule(this, 'AccountChangesToApi', {
      eventBus: bus,
      eventPattern: { source: ['loyalty.ledger'], detailType: ACCOUNT_CHANGES },
      targets: [
        new targets.AppSync(api, {
          graphQLOperation: `mutation NotifyLoyaltyUpdated($customerId: ID!) { notifyLoyaltyUpdated(customerId: $customerId) { ${accountSelection} } }`,
          variables: events.RuleTargetInput.fromObject({ customerId: events.EventField.fromPath('$.detail.data.customerId') }),
          retryAttempts: 8,
          deadLetterQueue: this.deadLetterQueue('AccountPushDlq'),
        }),
      ],
    });
  }

  /** A DLQ kept 14 days, with an alarm as soon as anything lands in it. */
  private deadLetterQueue(queueId: string): sqs.Queue {
    const queue = new sqs.Queue(this, queueId, { retentionPeriod: Duration.days(14), enforceSSL: true });
    new cloudwatch.Alarm(this, `${queueId}NotEmpty`, {
      alarmDescription: `${queueId} holds messages that could not be delivered: inspect, fix, then redrive`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.deadLetterQueues.push(queue);
    return queue;
  }
}
