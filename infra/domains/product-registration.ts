import { Duration, SecretValue, Stack } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  DISCOUNT_CODE_EMAILED,
  DISCOUNT_CODE_GENERATED,
  eventPattern,
  MANUFACTURER_NOTICE_PREPARED,
  POINTS_EARNED,
  PRODUCT_REGISTERED,
  REGISTRATION_SUPPORT_INFORMED,
} from '../../schema/events.js';
import { DeadLetterQueue } from '../platform/dead-letter-queue.js';
import { domainTable } from '../platform/domain-table.js';
import { IdempotentConsumer, type IdempotentConsumerProps } from '../platform/idempotent-consumer.js';
import { TransactionalOutbox } from '../platform/transactional-outbox.js';
import { pipelineFunction, pipelineResolver, unitResolver } from '../resolver-code.js';

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
  bus: events.IEventBus;
  none: appsync.NoneDataSource;
  idempotency: dynamodb.ITableV2;
  manufacturers: ManufacturerConfig[];
  /** where customer support's CRM takes notices (CDK context `crmApiUrl`) */
  crmApiUrl: string;
  /** the SES identity discount codes are emailed from (CDK context `emailFromAddress`) */
  emailFromAddress: string;
}

/** Each manufacturer's API destination is called at most this often: EventBridge buffers the rest. */
export const MANUFACTURER_CALLS_PER_SECOND = 10;

/**
 * Product registration (docs/product-registration.md): the registerProduct pipeline and its outbox, and the
 * choreography that follows product_registered with no controller. Promotions, email, customer support and each
 * manufacturer are independent consumers, each idempotent with its own retries and DLQ; Loyalty's consumer lives
 * in the Loyalty domain. The steps come back to the API as IAM mutations that drive the customer's subscriptions.
 */
export class ProductRegistration extends Construct {
  readonly deadLetterQueues: DeadLetterQueue[] = [];

  constructor(scope: Construct, id: string, props: ProductRegistrationProps) {
    super(scope, id);
    const { api, bus, none, idempotency } = props;
    const byCustomer = (sortKey: string) => ({
      indexName: 'byCustomer',
      partitionKey: { name: 'customerId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: sortKey, type: dynamodb.AttributeType.STRING },
    });
    // the catalog, serial locks, registrations (with their outbox entries) and failed-attempt windows
    const registrations = domainTable(this, 'Registrations', {
      timeToLiveAttribute: 'ttl',
      globalSecondaryIndexes: [byCustomer('registeredAt')],
    });
    // Promotions' discount codes, each unique by its item's key
    const promotions = domainTable(this, 'Promotions', { globalSecondaryIndexes: [byCustomer('issuedAt')] });

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
    // every committed registration reaches the bus once: published by the pipeline, or swept if that publish failed
    const outbox = new TransactionalOutbox(this, 'Outbox', {
      api,
      bus,
      table: registrations,
      tableSource: registrationsSource,
      eventsSource,
      name: 'registrations',
    });
    this.deadLetterQueues.push(outbox.deadLetterQueue);
    const fn = (name: string, dataSource: appsync.BaseDataSource) => pipelineFunction(this, api, dataSource, { id: name });
    pipelineResolver(this, api, 'Mutation', 'registerProduct', [
      fn('loadRegistrationContext', registrationsSource),
      fn('commitRegistration', registrationsSource),
      fn('recordFailedRegistration', registrationsSource),
      fn('loadReplayedRegistration', registrationsSource),
      ...outbox.steps,
    ]);
    unitResolver(registrationsSource, 'Mutation', 'upsertProduct');
    unitResolver(registrationsSource, 'Query', 'products');
    unitResolver(none, 'Query', 'manufacturers');
    unitResolver(registrationsSource, 'Query', 'myRegistrations');
    unitResolver(registrationsSource, 'Mutation', 'recordRegistrationStep');
    unitResolver(promotionsSource, 'Query', 'myDiscountCodes');
    unitResolver(promotionsSource, 'Mutation', 'announceDiscountCode');
    unitResolver(none, 'Subscription', 'onDiscountIssued');
    unitResolver(none, 'Subscription', 'onRegistrationUpdated');

    // --- the consumers, each its own service with its own rule, retries and DLQs: one failing never holds up another
    const consumer = (consumerId: string, props: Omit<IdempotentConsumerProps, 'idempotency' | 'bus'>) => {
      const created = new IdempotentConsumer(this, consumerId, {
        ...props,
        environment: { ...props.environment, BUS_NAME: bus.eventBusName },
        idempotency,
        bus,
      });
      bus.grantPutEventsTo(created.function);
      this.deadLetterQueues.push(...created.deadLetterQueues);
      return created.function;
    };
    const direct = { kind: 'direct' } as const;

    const promotionsFn = consumer('PromotionsService', {
      entry: 'functions/promotions/index.ts',
      environment: { PROMOTIONS_TABLE: promotions.tableName },
      eventPattern: eventPattern(PRODUCT_REGISTERED),
      trigger: direct,
    });
    promotions.grantReadWriteData(promotionsFn);

    const email = consumer('DiscountEmail', {
      entry: 'functions/discount-email/index.ts',
      environment: { FROM_ADDRESS: props.emailFromAddress },
      eventPattern: eventPattern(DISCOUNT_CODE_GENERATED),
      trigger: direct,
    });
    email.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: props.emailFromAddress })],
      }),
    );

    // customer support: a queue buffers for the CRM, which is rate limited (two calls in flight), as for gift codes
    consumer('RegistrationSupport', {
      entry: 'functions/registration-support/index.ts',
      environment: { CRM_API_URL: props.crmApiUrl },
      timeout: Duration.seconds(75),
      eventPattern: eventPattern(PRODUCT_REGISTERED),
      trigger: {
        kind: 'buffered',
        queueId: 'SupportNotices',
        visibilityTimeout: Duration.seconds(80),
        maxReceiveCount: 5,
        batchSize: 10,
        maxConcurrency: 2,
      },
    });

    consumer('ManufacturerNotices', {
      entry: 'functions/manufacturer-notices/index.ts',
      environment: {
        MANUFACTURER_FORMATS: JSON.stringify(
          Object.fromEntries(props.manufacturers.map((manufacturer) => [manufacturer.id, manufacturer.format])),
        ),
      },
      eventPattern: eventPattern(PRODUCT_REGISTERED),
      trigger: direct,
    });
    this.notifyManufacturers(props.manufacturers, bus);
    this.reportProgress(api, bus);
  }

  /**
   * Each manufacturer is an EventBridge connection (its API key kept in the connection's secret) and a
   * rate-limited API destination. An idempotent step prepares one notice per registration (an API destination
   * cannot drop the outbox's second copy of product_registered), translated to XML for XML manufacturers (the
   * anti-corruption layer); each manufacturer's rule then sends it, as JSON through an input transformer, or as
   * the XML document itself.
   */
  private notifyManufacturers(manufacturers: ManufacturerConfig[], bus: events.IEventBus): void {
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
        rateLimitPerSecond: MANUFACTURER_CALLS_PER_SECOND,
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
        eventPattern: { ...eventPattern(MANUFACTURER_NOTICE_PREPARED), detail: { data: { manufacturerId: [manufacturer.id] } } },
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
  private reportProgress(api: appsync.GraphqlApi, bus: events.IEventBus): void {
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
      eventPattern: eventPattern(DISCOUNT_CODE_GENERATED),
      targets: [announce, stepTarget('DISCOUNT_ISSUED', 'DiscountStepDlq')],
    });
    new events.Rule(this, 'EmailedToApi', {
      eventBus: bus,
      eventPattern: eventPattern(DISCOUNT_CODE_EMAILED),
      targets: [stepTarget('EMAIL_SENT', 'EmailStepDlq')],
    });
    new events.Rule(this, 'SupportInformedToApi', {
      eventBus: bus,
      eventPattern: eventPattern(REGISTRATION_SUPPORT_INFORMED),
      targets: [stepTarget('SUPPORT_INFORMED', 'SupportStepDlq')],
    });
    // Loyalty's ledger says when it credited a registration's points (cross-domain decision)
    new events.Rule(this, 'PointsEarnedToApi', {
      eventBus: bus,
      eventPattern: { ...eventPattern(POINTS_EARNED), detail: { data: { sourceType: ['PRODUCT_REGISTRATION'] } } },
      targets: [stepTarget('POINTS_AWARDED', 'PointsStepDlq', '$.detail.data.sourceId')],
    });
  }

  private deadLetterQueue(queueId: string): DeadLetterQueue {
    const queue = new DeadLetterQueue(this, queueId);
    this.deadLetterQueues.push(queue);
    return queue;
  }
}
