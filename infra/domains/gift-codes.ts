import { Duration, Stack } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { bundledFunction } from '../bundled-function.js';
import { DeadLetterQueue } from '../platform/dead-letter-queue.js';
import { domainTable } from '../platform/domain-table.js';
import { IdempotentConsumer } from '../platform/idempotent-consumer.js';
import { keepLogicalId } from '../platform/logical-ids.js';
import { TransactionalOutbox } from '../platform/transactional-outbox.js';
import { acknowledge } from '../nag-acknowledgments.js';
import { pipelineFunction, pipelineResolver, unitResolver } from '../resolver-code.js';
import { eventPattern, GIFT_CODE_REDEEMED, REDEMPTION_FAILED, REDEMPTION_VALUE_APPLIED } from '../../schema/events.js';

export interface GiftCodesProps {
  api: appsync.GraphqlApi;
  bus: events.IEventBus;
  none: appsync.NoneDataSource;
  idempotency: dynamodb.ITableV2;
  /** where customer support's CRM takes redemption notices (CDK context `crmApiUrl`) */
  crmApiUrl: string;
}

/**
 * The gift code service (docs/gift-codes.md): its tables, the issue, void and redeem pipelines, the outbox that
 * publishes each redemption's event once, the notices of each redemption to the CRM and to the issuing partner, and
 * the live update that moves a redemption on when the loyalty ledger has applied (or refused) its value.
 */
export class GiftCodes extends Construct {
  readonly deadLetterQueues: DeadLetterQueue[] = [];

  constructor(scope: Construct, id: string, props: GiftCodesProps) {
    super(scope, id);
    const { api, bus, none, idempotency } = props;

    const giftCodes = domainTable(this, 'GiftCodes', {
      timeToLiveAttribute: 'ttl',
      globalSecondaryIndexes: [
        {
          indexName: 'byCustomer',
          partitionKey: { name: 'customerId', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'redeemedAt', type: dynamodb.AttributeType.STRING },
        },
      ],
    });
    keepLogicalId(giftCodes, 'GiftCodesC754E5EE');
    const partners = domainTable(this, 'Partners', {
      partitionKey: { name: 'issuerId', type: dynamodb.AttributeType.STRING },
      sortKey: undefined,
    });
    keepLogicalId(partners, 'GiftCodesPartners23794E9F');

    // --- functions: the digest has no access to anything, the issuer only writes codes
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

    // --- consumers of GiftCodeRedeemed that reach outside: each through a queue, so a slow or failing receiver
    // only ever delays its own notices. A message may take up to 5 s plus bookkeeping (6 s budget), so a whole
    // batch fits the timeout. The CRM is rate limited: at most two calls in flight, whatever the burst.
    const crm = new IdempotentConsumer(this, 'CrmNotifier', {
      entry: 'functions/crm-notifier/index.ts',
      environment: { CRM_API_URL: props.crmApiUrl },
      timeout: Duration.seconds(65),
      reservedConcurrentExecutions: 2,
      idempotency,
      bus,
      eventPattern: eventPattern(GIFT_CODE_REDEEMED),
      trigger: {
        kind: 'buffered',
        queueId: 'CrmNotifications',
        visibilityTimeout: Duration.seconds(70),
        maxReceiveCount: 5,
        batchSize: 10,
        maxConcurrency: 2,
      },
    });
    // two tries 40 s apart ride out a blip; a partner down for a minute or more has its notices parked in the DLQ
    // (alarmed) until someone redrives them
    const webhooks = new IdempotentConsumer(this, 'PartnerWebhooks', {
      entry: 'functions/partner-webhooks/index.ts',
      environment: { PARTNERS_TABLE: partners.tableName },
      timeout: Duration.seconds(35),
      idempotency,
      bus,
      eventPattern: { ...eventPattern(GIFT_CODE_REDEEMED), detail: { data: { issuerId: events.Match.anythingBut('platform') } } },
      trigger: {
        kind: 'buffered',
        queueId: 'PartnerWebhookDeliveries',
        visibilityTimeout: Duration.seconds(40),
        maxReceiveCount: 2,
        batchSize: 5,
        maxConcurrency: 2,
      },
    });
    partners.grantReadData(webhooks.function);
    this.deadLetterQueues.push(...crm.deadLetterQueues, ...webhooks.deadLetterQueues);

    // --- data sources: each touches only its own table
    api.addEnvironmentVariable('GIFT_CODES_TABLE', giftCodes.tableName);
    const codesSource = api.addDynamoDbDataSource('GiftCodesTable', giftCodes);
    // transactWrite and batchGet name the table themselves, so the role needs it explicitly (this table only)
    giftCodes.grantReadWriteData(codesSource);
    const partnersSource = api.addDynamoDbDataSource('PartnersTable', partners);
    const digestSource = api.addLambdaDataSource('GiftCodeDigest', digest);
    const issuerSource = api.addLambdaDataSource('GiftCodeIssuer', issuer);
    const eventsSource = api.addEventBridgeDataSource('GiftCodeEvents', bus);
    // every committed redemption reaches the bus once: published by the pipeline, or swept if that publish failed
    const outbox = new TransactionalOutbox(this, 'Outbox', {
      api,
      bus,
      table: giftCodes,
      tableSource: codesSource,
      eventsSource,
      name: 'giftCodes',
    });
    this.deadLetterQueues.push(outbox.deadLetterQueue);

    const fn = (name: string, dataSource: appsync.BaseDataSource) => pipelineFunction(this, api, dataSource, { id: name });
    const digestGiftCode = fn('digestGiftCode', digestSource);
    const invokeGiftCodeIssuer = fn('invokeGiftCodeIssuer', issuerSource);
    const pipeline = (typeName: string, fieldName: string, functions: appsync.AppsyncFunction[]) =>
      pipelineResolver(this, api, typeName, fieldName, functions);

    pipeline('Mutation', 'issueGiftCodes', [invokeGiftCodeIssuer]);
    pipeline('Mutation', 'importGiftCodes', [invokeGiftCodeIssuer]);
    pipeline('Mutation', 'voidGiftCode', [digestGiftCode, fn('voidGiftCodeItem', codesSource)]);
    pipeline('Mutation', 'redeemGiftCode', [
      digestGiftCode,
      fn('loadRedemptionContext', codesSource),
      fn('commitRedemption', codesSource),
      fn('recordFailedAttempt', codesSource),
      ...outbox.steps,
    ]);

    unitResolver(partnersSource, 'Mutation', 'configurePartnerWebhook');
    unitResolver(codesSource, 'Mutation', 'recordRedemptionProgress');
    unitResolver(codesSource, 'Query', 'myRedemptions');
    unitResolver(none, 'Subscription', 'onRedemptionUpdated');

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
    const apiLogicalId = Stack.of(this).resolve((api.node.defaultChild as appsync.CfnGraphQLApi).logicalId) as string;
    acknowledge(
      api,
      `IAM5[Resource::arn:<AWS::Partition>:appsync:<AWS::Region>:<AWS::AccountId>:apis/<${apiLogicalId}.ApiId>/types/Mutation/*]`,
      "EventBridge's AppSync target grants its role every Mutation field, but the schema lets IAM callers reach recordRedemptionProgress only (@aws_iam); every other mutation refuses the role",
    );
    new events.Rule(this, 'ValueAppliedToApi', {
      eventBus: bus,
      eventPattern: eventPattern(REDEMPTION_VALUE_APPLIED),
      targets: [progressTarget('VALUE_APPLIED', 'ValueAppliedDlq')],
    });
    new events.Rule(this, 'RedemptionFailedToApi', {
      eventBus: bus,
      eventPattern: eventPattern(REDEMPTION_FAILED),
      targets: [progressTarget('FAILED', 'RedemptionFailedDlq')],
    });
  }

  private deadLetterQueue(queueId: string): DeadLetterQueue {
    const queue = new DeadLetterQueue(this, queueId);
    this.deadLetterQueues.push(queue);
    return queue;
  }
}
