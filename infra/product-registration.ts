import { Duration, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
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

/** A manufacturer as a stage configures it (CDK context `manufacturers`). */
export interface ManufacturerConfig {
  id: string;
  name: string;
  /** where its registration notices go */
  endpoint: string;
  format: 'JSON' | 'XML';
  /** the Secrets Manager secret (SecretString `{"apiKey": "..."}`) its EventBridge connection sends as `x-api-key` */
  apiKeySecretName: string;
}

export interface ProductRegistrationProps {
  api: appsync.GraphqlApi;
  bus: events.EventBus;
  none: appsync.NoneDataSource;
  manufacturers: ManufacturerConfig[];
  /** where customer support's CRM takes notices (CDK context `crmApiUrl`) */
  crmApiUrl: string;
  /** the SES identity discount codes are emailed from (CDK context `emailFromAddress`) */
  emailFromAddress: string;
}

const PRODUCT_REGISTERED = { source: ['registration.products'], detailType: ['product_registered'] };
const DISCOUNT_CODE_GENERATED = { source: ['promotions.codes'], detailType: ['discount_code_generated'] };

/**
 * Product registration (docs/product-registration.md): the registerProduct pipeline and its outbox pipe, and the
 * choreography that follows product_registered with no controller. Promotions, email, customer support and each
 * manufacturer are independent consumers, each idempotent with its own retries and DLQ; Loyalty's consumer lives
 * in the Loyalty domain. The steps come back to the API as IAM mutations that drive the customer's subscriptions.
 */
export class ProductRegistration extends Construct {
  readonly deadLetterQueues: sqs.Queue[] = [];

  constructor(scope: Construct, id: string, props: ProductRegistrationProps) {
    super(scope, id);
    const { api, bus, none } = props;
    const byCustomer = (sortKey: string) => ({
      indexName: 'byCustomer',
      partitionKey: { name: 'customerId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: sortKey, type: dynamodb.AttributeType.STRING },
    });
    const table = (tableId: string, tableProps: Partial<dynamodb.TablePropsV2>) =>
      new dynamodb.TableV2(this, tableId, {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        removalPolicy: RemovalPolicy.RETAIN,
        ...tableProps,
      });
    // the catalog, serial locks, registrations (with their outbox entries) and failed-attempt windows
    const registrations = table('Registrations', {
      dynamoStream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: 'ttl',
      globalSecondaryIndexes: [byCustomer('registeredAt')],
    });
    const promotions = table('Promotions', { globalSecondaryIndexes: [byCustomer('issuedAt')] });
    const idempotency = new dynamodb.TableV2(this, 'Idempotency', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // --- the API
    api.addEnvironmentVariable('REGISTRATIONS_TABLE', registrations.tableName);
    api.addEnvironmentVariable(
      'MANUFACTURERS',
      JSON.stringify(props.manufacturers.map(({ id: manufacturerId, name, format }) => ({ id: manufacturerId, name, format }))),
    );
    const registrationsSource = api.addDynamoDbDataSource('RegistrationsTable', registrations);
    // transactWrite and batchGet name the table themselves, so the role needs it explicitly (this table only)
    registrations.grantReadWriteData(registrationsSource);
    const promotionsSource = api.addDynamoDbDataSource('PromotionsTable', promotions);
    const eventsSource = api.addEventBridgeDataSource('RegistrationEvents', bus);
    const fn = (name: string, dataSource: appsync.BaseDataSource) =>
      new appsync.AppsyncFunction(this, name, {
        api,
        name,
        dataSource,
        runtime: appsync.FunctionRuntime.JS_1_0_0,
        code: resolverCode(`functions/${name}`),
      });
    new appsync.Resolver(this, 'MutationregisterProduct', {
      api,
      typeName: 'Mutation',
      fieldName: 'registerProduct',
      runtime: appsync.FunctionRuntime.JS_1_0_0,
      code: resolverCode('Mutation.registerProduct'),
      pipelineConfig: [
        fn('loadRegistrationContext', registrationsSource),
        fn('commitRegistration', registrationsSource),
        fn('recordFailedRegistration', registrationsSource),
        fn('loadReplayedRegistration', registrationsSource),
        fn('publishProductRegistered', eventsSource),
      ],
    });
    unitResolver(registrationsSource, 'Mutation', 'upsertProduct');
    unitResolver(registrationsSource, 'Query', 'products');
    unitResolver(none, 'Query', 'manufacturers');
    unitResolver(registrationsSource, 'Query', 'myRegistrations');
    unitResolver(registrationsSource, 'Mutation', 'recordRegistrationStep');
    unitResolver(promotionsSource, 'Query', 'myDiscountCodes');
    unitResolver(promotionsSource, 'Mutation', 'announceDiscountCode');
    unitResolver(none, 'Subscription', 'onDiscountIssued');
    unitResolver(none, 'Subscription', 'onRegistrationUpdated');

    // --- the outbox: every committed registration reaches the bus from the table's stream, even if the pipeline's
    // own publish failed; the pipe retries until the record leaves the stream, then parks the batch in a DLQ
    const outboxRelay = bundledFunction(this, 'OutboxRelay', 'functions/outbox-relay/index.ts', { memorySize: 128 });
    const outboxDlq = this.deadLetterQueue('OutboxDlq');
    const pipeRole = new iam.Role(this, 'OutboxPipeRole', { assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com') });
    registrations.grantStreamRead(pipeRole);
    outboxRelay.grantInvoke(pipeRole);
    bus.grantPutEventsTo(pipeRole);
    outboxDlq.grantSendMessages(pipeRole);
    new pipes.CfnPipe(this, 'OutboxPipe', {
      roleArn: pipeRole.roleArn,
      source: registrations.tableStreamArn!,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: 'TRIM_HORIZON',
          batchSize: 10,
          maximumRetryAttempts: -1,
          deadLetterConfig: { arn: outboxDlq.queueArn },
        },
        filterCriteria: {
          filters: [{ pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { sk: { S: ['REGISTRATION'] } } } }) }],
        },
      },
      enrichment: outboxRelay.functionArn,
      target: bus.eventBusArn,
      targetParameters: { eventBridgeEventBusParameters: { source: 'registration.products', detailType: 'product_registered' } },
    });

    // --- the consumers, each its own service: one failing never holds up another
    const consumer = (consumerId: string, entry: string, environment: Record<string, string>, options: { timeout?: Duration } = {}) => {
      const consumerFn = bundledFunction(this, consumerId, entry, {
        environment: { ...environment, IDEMPOTENCY_TABLE: idempotency.tableName, BUS_NAME: bus.eventBusName },
        ...options,
      });
      idempotency.grantReadWriteData(consumerFn);
      bus.grantPutEventsTo(consumerFn);
      return consumerFn;
    };
    const lambdaTarget = (target: lambda.IFunction, dlqId: string) =>
      new targets.LambdaFunction(target, {
        retryAttempts: 8,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.deadLetterQueue(dlqId),
      });

    const promotionsFn = consumer('PromotionsService', 'functions/promotions/index.ts', { PROMOTIONS_TABLE: promotions.tableName });
    promotions.grantReadWriteData(promotionsFn);
    new events.Rule(this, 'RegisteredToPromotions', {
      eventBus: bus,
      eventPattern: PRODUCT_REGISTERED,
      targets: [lambdaTarget(promotionsFn, 'PromotionsDlq')],
    });

    const email = consumer('DiscountEmail', 'functions/discount-email/index.ts', { FROM_ADDRESS: props.emailFromAddress });
    email.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: props.emailFromAddress })],
      }),
    );
    new events.Rule(this, 'DiscountCodeToEmail', {
      eventBus: bus,
      eventPattern: DISCOUNT_CODE_GENERATED,
      targets: [lambdaTarget(email, 'DiscountEmailDlq')],
    });

    // customer support: a queue buffers for the CRM, which is rate limited, as for gift codes
    const support = consumer(
      'RegistrationSupport',
      'functions/registration-support/index.ts',
      { CRM_API_URL: props.crmApiUrl },
      {
        timeout: Duration.seconds(75),
      },
    );
    const supportQueue = new sqs.Queue(this, 'SupportNotices', {
      visibilityTimeout: Duration.seconds(80),
      retentionPeriod: Duration.days(4),
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue('SupportNoticesDlq'), maxReceiveCount: 5 },
    });
    support.addEventSource(new SqsEventSource(supportQueue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 2 }));
    new events.Rule(this, 'RegisteredToSupport', {
      eventBus: bus,
      eventPattern: PRODUCT_REGISTERED,
      targets: [new targets.SqsQueue(supportQueue, { deadLetterQueue: this.deadLetterQueue('SupportRuleDlq') })],
    });

    this.notifyManufacturers(props.manufacturers, bus, consumer, lambdaTarget);
    this.reportProgress(api, bus);
  }

  /**
   * Each manufacturer is an EventBridge connection (its API key kept in the connection's secret) and a
   * rate-limited API destination. An idempotent step prepares one notice per registration (an API destination
   * cannot drop the outbox's second copy of product_registered), translated to XML for XML manufacturers (the
   * anti-corruption layer); each manufacturer's rule then sends it, as JSON through an input transformer, or as
   * the XML document itself.
   */
  private notifyManufacturers(
    manufacturers: ManufacturerConfig[],
    bus: events.EventBus,
    consumer: (consumerId: string, entry: string, environment: Record<string, string>) => lambda.IFunction,
    lambdaTarget: (target: lambda.IFunction, dlqId: string) => targets.LambdaFunction,
  ): void {
    const formats = Object.fromEntries(manufacturers.map((manufacturer) => [manufacturer.id, manufacturer.format]));
    const notices = consumer('ManufacturerNotices', 'functions/manufacturer-notices/index.ts', {
      MANUFACTURER_FORMATS: JSON.stringify(formats),
    });
    new events.Rule(this, 'RegisteredToManufacturerNotices', {
      eventBus: bus,
      eventPattern: PRODUCT_REGISTERED,
      targets: [lambdaTarget(notices, 'ManufacturerNoticesDlq')],
    });
    for (const manufacturer of manufacturers) {
      const xml = manufacturer.format === 'XML';
      const connection = new events.Connection(this, `Connection-${manufacturer.id}`, {
        description: `${manufacturer.name}: registration notices`,
        authorization: events.Authorization.apiKey(
          'x-api-key',
          SecretValue.secretsManager(manufacturer.apiKeySecretName, { jsonField: 'apiKey' }),
        ),
        headerParameters: xml ? { 'content-type': events.HttpParameter.fromString('application/xml; charset=utf-8') } : undefined,
      });
      const destination = new events.ApiDestination(this, `Manufacturer-${manufacturer.id}`, {
        connection,
        endpoint: manufacturer.endpoint,
        httpMethod: events.HttpMethod.POST,
        rateLimitPerSecond: 10,
      });
      const field = (name: string) => events.EventField.fromPath(`$.detail.data.${name}`);
      const target = new targets.ApiDestination(destination, {
        event: xml
          ? events.RuleTargetInput.fromText(field('xml'))
          : events.RuleTargetInput.fromObject({
              eventId: field('noticeId'),
              registrationId: field('registrationId'),
              sku: field('sku'),
              productName: field('productName'),
              serialNumber: field('serialNumber'),
              purchaseDate: field('purchaseDate'),
              registeredAt: field('registeredAt'),
            }),
        retryAttempts: 8,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.deadLetterQueue(`ManufacturerDlq-${manufacturer.id}`),
      });
      const rule = new events.Rule(this, `NotifyManufacturer-${manufacturer.id}`, {
        eventBus: bus,
        eventPattern: {
          source: ['registration.products'],
          detailType: ['manufacturer_notice_prepared'],
          detail: { data: { manufacturerId: [manufacturer.id] } },
        },
        targets: [target],
      });
      // an XML body is the translated document itself: a template that is not JSON takes the value as it is
      if (xml)
        (rule.node.defaultChild as events.CfnRule).addPropertyOverride('Targets.0.InputTransformer', {
          InputPathsMap: { xml: '$.detail.data.xml' },
          InputTemplate: '<?xml version="1.0" encoding="UTF-8"?>\n<xml>',
        });
    }
  }

  /** The live side: each step comes back through the API as an IAM mutation, which pushes it to the customer. */
  private reportProgress(api: appsync.GraphqlApi, bus: events.EventBus): void {
    const registrationSelection =
      'id customerId requestId sku productName serialNumber purchaseDate status steps { pointsAwarded discountIssued emailSent supportInformed } registeredAt updatedAt';
    const stepTarget = (step: string, dlqId: string, idPath = '$.detail.data.registrationId') =>
      new targets.AppSync(api, {
        graphQLOperation: `mutation RecordRegistrationStep($input: RegistrationStepInput!) { recordRegistrationStep(input: $input) { ${registrationSelection} } }`,
        variables: events.RuleTargetInput.fromObject({
          input: {
            customerId: events.EventField.fromPath('$.detail.data.customerId'),
            registrationId: events.EventField.fromPath(idPath),
            step,
          },
        }),
        retryAttempts: 8,
        deadLetterQueue: this.deadLetterQueue(dlqId),
      });
    const announce = new targets.AppSync(api, {
      graphQLOperation:
        'mutation AnnounceDiscountCode($input: AnnounceDiscountCodeInput!) { announceDiscountCode(input: $input) { code customerId registrationId percentOff amountOff currency validUntil status issuedAt } }',
      variables: events.RuleTargetInput.fromObject({
        input: {
          customerId: events.EventField.fromPath('$.detail.data.customerId'),
          registrationId: events.EventField.fromPath('$.detail.data.registrationId'),
          code: events.EventField.fromPath('$.detail.data.code'),
        },
      }),
      retryAttempts: 8,
      deadLetterQueue: this.deadLetterQueue('AnnounceDiscountDlq'),
    });
    new events.Rule(this, 'DiscountCodeToApi', {
      eventBus: bus,
      eventPattern: DISCOUNT_CODE_GENERATED,
      targets: [announce, stepTarget('DISCOUNT_ISSUED', 'DiscountStepDlq')],
    });
    new events.Rule(this, 'EmailedToApi', {
      eventBus: bus,
      eventPattern: { source: ['promotions.codes'], detailType: ['discount_code_emailed'] },
      targets: [stepTarget('EMAIL_SENT', 'EmailStepDlq')],
    });
    new events.Rule(this, 'SupportInformedToApi', {
      eventBus: bus,
      eventPattern: { source: ['registration.products'], detailType: ['registration_support_informed'] },
      targets: [stepTarget('SUPPORT_INFORMED', 'SupportStepDlq')],
    });
    // Loyalty's ledger says when it credited a registration's points (docs: cross-domain decisions)
    new events.Rule(this, 'PointsEarnedToApi', {
      eventBus: bus,
      eventPattern: {
        source: ['loyalty.ledger'],
        detailType: ['points_earned'],
        detail: { data: { sourceType: ['PRODUCT_REGISTRATION'] } },
      },
      targets: [stepTarget('POINTS_AWARDED', 'PointsStepDlq', '$.detail.data.sourceId')],
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
