import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
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

export interface GiftCodesProps {
  api: appsync.GraphqlApi;
  bus: events.EventBus;
  none: appsync.NoneDataSource;
  /** where customer support's CRM takes redemption notices (CDK context `crmApiUrl`) */
  crmApiUrl: string;
  /** the earning rules' configuration (LOYALTY_TIERS, LOYALTY_EXPIRY_DAYS) */
  loyaltyPolicy: Record<string, string>;
}

/** What a redemption event looks like to the rules (docs/gift-codes.md: Events). */
const GIFT_CODE_REDEEMED = { source: ['giftcodes.redemption'], detailType: ['gift_code_redeemed'] };

/**
 * The gift code service (docs/gift-codes.md): its tables, the issue, void and redeem pipelines, the outbox pipe
 * from the GiftCodes stream to the bus, and the consumers of GiftCodeRedeemed, each with its own retries and DLQ.
 */
export class GiftCodes extends Construct {
  readonly deadLetterQueues: sqs.Queue[] = [];
  /** owned by Loyalty (infra/loyalty.ts); created here first, so it keeps its logical id */
  readonly loyaltyTable: dynamodb.TableV2;
  readonly idempotencyTable: dynamodb.TableV2;
  readonly outboxRelay: lambda.IFunction;

  constructor(scope: Construct, id: string, props: GiftCodesProps) {
    super(scope, id);
    const { api, bus, none } = props;

    const table = (tableId: string, tableProps: Partial<dynamodb.TablePropsV2> = {}) =>
      new dynamodb.TableV2(this, tableId, {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        removalPolicy: RemovalPolicy.RETAIN,
        ...tableProps,
      });
    const giftCodes = table('GiftCodes', {
      dynamoStream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: 'ttl',
      globalSecondaryIndexes: [
        {
          indexName: 'byCustomer',
          partitionKey: { name: 'customerId', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'redeemedAt', type: dynamodb.AttributeType.STRING },
        },
      ],
    });
    const partners = table('Partners', { partitionKey: { name: 'issuerId', type: dynamodb.AttributeType.STRING }, sortKey: undefined });
    // the stream is Loyalty's outbox (infra/loyalty.ts)
    const loyalty = table('Loyalty', { dynamoStream: dynamodb.StreamViewType.NEW_IMAGE });
    this.loyaltyTable = loyalty;
    const accountHistory = table('AccountHistory');
    // Powertools idempotency's defaults: partition key `id`, TTL on `expiration`
    const idempotency = new dynamodb.TableV2(this, 'Idempotency', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.idempotencyTable = idempotency;

    // --- functions: the digest has no access to anything; each consumer reaches only its own tables
    const digest = bundledFunction(this, 'GiftCodeDigest', 'functions/gift-codes/digest.ts', {
      memorySize: 128,
      timeout: Duration.seconds(3),
    });
    const issuer = bundledFunction(this, 'GiftCodeIssuer', 'functions/gift-codes/issuer.ts', {
      environment: { GIFT_CODES_TABLE: giftCodes.tableName },
      timeout: Duration.seconds(29),
      memorySize: 1024,
    });
    giftCodes.grantWriteData(issuer);
    const outboxRelay = bundledFunction(this, 'OutboxRelay', 'functions/outbox-relay/index.ts', { memorySize: 128 });
    this.outboxRelay = outboxRelay;
    const consumer = (
      consumerId: string,
      entry: string,
      environment: Record<string, string>,
      options: { timeout?: Duration; reservedConcurrentExecutions?: number } = {},
    ) => {
      const fn = bundledFunction(this, consumerId, entry, {
        environment: { ...environment, IDEMPOTENCY_TABLE: idempotency.tableName },
        ...options,
      });
      idempotency.grantReadWriteData(fn);
      return fn;
    };
    const ledger = consumer('LoyaltyLedger', 'functions/loyalty-ledger/index.ts', {
      LOYALTY_TABLE: loyalty.tableName,
      BUS_NAME: bus.eventBusName,
      ...props.loyaltyPolicy,
    });
    loyalty.grantReadWriteData(ledger);
    bus.grantPutEventsTo(ledger);
    const history = consumer('AccountHistoryWriter', 'functions/account-history/index.ts', {
      ACCOUNT_HISTORY_TABLE: accountHistory.tableName,
    });
    accountHistory.grantWriteData(history);
    // SQS consumers: each message may take up to 5 s plus bookkeeping (6 s budget), so a whole batch fits the timeout.
    // The CRM is rate limited: at most two calls in flight, whatever the burst.
    const crm = consumer(
      'CrmNotifier',
      'functions/crm-notifier/index.ts',
      { CRM_API_URL: props.crmApiUrl },
      { timeout: Duration.seconds(65), reservedConcurrentExecutions: 2 },
    );
    const webhooks = consumer(
      'PartnerWebhooks',
      'functions/partner-webhooks/index.ts',
      { PARTNERS_TABLE: partners.tableName },
      { timeout: Duration.seconds(35) },
    );
    partners.grantReadData(webhooks);

    // --- data sources: each touches only its own table
    api.addEnvironmentVariable('GIFT_CODES_TABLE', giftCodes.tableName);
    const codesSource = api.addDynamoDbDataSource('GiftCodesTable', giftCodes);
    // transactWrite and batchGet name the table themselves, so the role needs it explicitly (this table only)
    giftCodes.grantReadWriteData(codesSource);
    const partnersSource = api.addDynamoDbDataSource('PartnersTable', partners);
    const historySource = new appsync.DynamoDbDataSource(this, 'AccountHistoryTable', { api, table: accountHistory, readOnlyAccess: true });
    const digestSource = api.addLambdaDataSource('GiftCodeDigest', digest);
    const issuerSource = api.addLambdaDataSource('GiftCodeIssuer', issuer);
    const eventsSource = api.addEventBridgeDataSource('GiftCodeEvents', bus);

    const fn = (name: string, dataSource: appsync.BaseDataSource) =>
      new appsync.AppsyncFunction(this, name, {
        api,
        name,
        dataSource,
        runtime: appsync.FunctionRuntime.JS_1_0_0,
        code: resolverCode(`functions/${name}`),
      });
    const digestGiftCode = fn('digestGiftCode', digestSource);
    const invokeGiftCodeIssuer = fn('invokeGiftCodeIssuer', issuerSource);
    const pipeline = (typeName: string, fieldName: string, functions: appsync.AppsyncFunction[]) =>
      new appsync.Resolver(this, `${typeName}${fieldName}`, {
        api,
        typeName,
        fieldName,
        runtime: appsync.FunctionRuntime.JS_1_0_0,
        code: resolverCode(`${typeName}.${fieldName}`),
        pipelineConfig: functions,
      });

    pipeline('Mutation', 'issueGiftCodes', [invokeGiftCodeIssuer]);
    pipeline('Mutation', 'importGiftCodes', [invokeGiftCodeIssuer]);
    pipeline('Mutation', 'voidGiftCode', [digestGiftCode, fn('voidGiftCodeItem', codesSource)]);
    pipeline('Mutation', 'redeemGiftCode', [
      digestGiftCode,
      fn('loadRedemptionContext', codesSource),
      fn('commitRedemption', codesSource),
      fn('recordFailedAttempt', codesSource),
      fn('publishGiftCodeRedeemed', eventsSource),
    ]);

    unitResolver(partnersSource, 'Mutation', 'configurePartnerWebhook');
    unitResolver(codesSource, 'Mutation', 'recordRedemptionProgress');
    unitResolver(codesSource, 'Query', 'myRedemptions');
    unitResolver(historySource, 'Query', 'myAccountHistory');
    unitResolver(none, 'Subscription', 'onRedemptionUpdated');

    // --- the outbox: every committed redemption reaches the bus from the table's stream, even if the pipeline's
    // own publish failed; the pipe retries until the record leaves the stream, then parks the batch in a DLQ
    const outboxDlq = this.deadLetterQueue('OutboxDlq');
    const pipeRole = new iam.Role(this, 'OutboxPipeRole', { assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com') });
    giftCodes.grantStreamRead(pipeRole);
    outboxRelay.grantInvoke(pipeRole);
    bus.grantPutEventsTo(pipeRole);
    outboxDlq.grantSendMessages(pipeRole);
    new pipes.CfnPipe(this, 'OutboxPipe', {
      roleArn: pipeRole.roleArn,
      source: giftCodes.tableStreamArn!,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: 'TRIM_HORIZON',
          batchSize: 10,
          maximumRetryAttempts: -1,
          deadLetterConfig: { arn: outboxDlq.queueArn },
        },
        filterCriteria: {
          filters: [
            { pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { sk: { S: [{ prefix: 'REDEMPTION#' }] } } } }) },
          ],
        },
      },
      enrichment: outboxRelay.functionArn,
      target: bus.eventBusArn,
      targetParameters: { eventBridgeEventBusParameters: { source: 'giftcodes.redemption', detailType: 'gift_code_redeemed' } },
    });

    // --- consumers of GiftCodeRedeemed, each independent: one failing never holds up another
    const lambdaTarget = (fnTarget: lambda.IFunction, dlqId: string) =>
      new targets.LambdaFunction(fnTarget, {
        retryAttempts: 8,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.deadLetterQueue(dlqId),
      });
    new events.Rule(this, 'RedeemedToLedger', {
      eventBus: bus,
      eventPattern: GIFT_CODE_REDEEMED,
      targets: [lambdaTarget(ledger, 'LedgerDlq')],
    });
    new events.Rule(this, 'RedemptionsToHistory', {
      eventBus: bus,
      eventPattern: {
        source: ['giftcodes.redemption', 'loyalty.ledger'],
        detailType: ['gift_code_redeemed', 'redemption_value_applied', 'redemption_failed'],
      },
      targets: [lambdaTarget(history, 'HistoryDlq')],
    });

    const crmQueue = this.bufferQueue('CrmNotifications', Duration.seconds(70), 5);
    crm.addEventSource(new SqsEventSource(crmQueue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 2 }));
    new events.Rule(this, 'RedeemedToCrm', {
      eventBus: bus,
      eventPattern: GIFT_CODE_REDEEMED,
      targets: [new targets.SqsQueue(crmQueue, { deadLetterQueue: this.deadLetterQueue('CrmRuleDlq') })],
    });

    // two tries 40 s apart ride out a blip; a partner down for a minute or more has its notices parked in the DLQ
    // (alarmed) until someone redrives them
    const webhookQueue = this.bufferQueue('PartnerWebhookDeliveries', Duration.seconds(40), 2);
    webhooks.addEventSource(new SqsEventSource(webhookQueue, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: 2 }));
    new events.Rule(this, 'PartnerCodesRedeemedToWebhooks', {
      eventBus: bus,
      eventPattern: { ...GIFT_CODE_REDEEMED, detail: { data: { issuerId: events.Match.anythingBut('platform') } } },
      targets: [new targets.SqsQueue(webhookQueue, { deadLetterQueue: this.deadLetterQueue('WebhookRuleDlq') })],
    });

    // --- the live update: the ledger's outcome moves the redemption on, through the API, as the rule's IAM role
    const progressSelection = 'id customerId requestId last4 value { kind amount currency } status redeemedAt updatedAt failureReason';
    const progressTarget = (status: 'VALUE_APPLIED' | 'FAILED', dlqId: string) =>
      new targets.AppSync(api, {
        graphQLOperation: `mutation RecordRedemptionProgress($input: RedemptionProgressInput!) { recordRedemptionProgress(input: $input) { ${progressSelection} } }`,
        variables: events.RuleTargetInput.fromObject({
          input: {
            customerId: events.EventField.fromPath('$.detail.data.customerId'),
            requestId: events.EventField.fromPath('$.detail.data.requestId'),
            redemptionId: events.EventField.fromPath('$.detail.data.redemptionId'),
            status,
            ...(status === 'FAILED' ? { reason: events.EventField.fromPath('$.detail.data.reason') } : {}),
          },
        }),
        retryAttempts: 8,
        deadLetterQueue: this.deadLetterQueue(dlqId),
      });
    new events.Rule(this, 'ValueAppliedToApi', {
      eventBus: bus,
      eventPattern: { source: ['loyalty.ledger'], detailType: ['redemption_value_applied'] },
      targets: [progressTarget('VALUE_APPLIED', 'ValueAppliedDlq')],
    });
    new events.Rule(this, 'RedemptionFailedToApi', {
      eventBus: bus,
      eventPattern: { source: ['loyalty.ledger'], detailType: ['redemption_failed'] },
      targets: [progressTarget('FAILED', 'RedemptionFailedDlq')],
    });
  }

  /** A queue that buffers work for a rate-limited or unreliable receiver; after maxReceiveCount tries, its DLQ. */
  private bufferQueue(queueId: string, visibilityTimeout: Duration, maxReceiveCount: number): sqs.Queue {
    return new sqs.Queue(this, queueId, {
      visibilityTimeout,
      retentionPeriod: Duration.days(4),
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue(`${queueId}Dlq`), maxReceiveCount },
    });
  }

  /** A DLQ kept 14 days, with an alarm as soon as anything lands in it: someone has to look, then redrive. */
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
