import { Duration } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { bundledFunction } from '../bundled-function.js';
import { pipelineFunction } from '../resolver-code.js';
import { stageConfig } from '../stages.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { OUTBOX_INDEX, OUTBOX_PENDING_SINCE, OUTBOX_SHARD } from '../../schema/outbox.js';

export interface TransactionalOutboxProps {
  api: appsync.GraphqlApi;
  bus: events.IEventBus;
  /** the table whose committed items owe events (resolvers/lib/outbox.ts writes them) */
  table: dynamodb.TableV2;
  /** the table's data source, which clears marks: it can already write the table */
  tableSource: appsync.BaseDataSource;
  /** the bus's data source, which publishes */
  eventsSource: appsync.BaseDataSource;
  /** prefixes the two pipeline functions' names, which are the API's (`giftCodes` → `giftCodesPublishOutboxEvent`) */
  name: string;
}

/**
 * The transactional outbox of one table (docs/adding-a-domain.md, "Events"): the event is written with the change
 * and published ONCE. A committing pipeline ends with `steps`: publish the owed event, then clear its pending mark.
 * When the publish failed or never ran (the bus refused it, AppSync stopped the request), a scheduled sweeper
 * publishes the event with the same event_id once its mark is older than the stage's `outboxSweepAfter` (longer
 * than any request can run), then clears the mark on the value it read. Nothing is lost; a duplicate needs a
 * publish that succeeded and a clear that failed, and consumers deduplicate on event_id.
 */
export class TransactionalOutbox extends Construct {
  /** the last two functions of a pipeline whose commit calls `owedEvent` / `outboxCommitted` */
  readonly steps: appsync.AppsyncFunction[];
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: TransactionalOutboxProps) {
    super(scope, id);
    const { api, bus, table } = props;
    // sparse: only items that still owe their event are in it; the outbox rides along so a sweep reads nothing else
    table.addGlobalSecondaryIndex({
      indexName: OUTBOX_INDEX,
      partitionKey: { name: OUTBOX_SHARD, type: dynamodb.AttributeType.STRING },
      sortKey: { name: OUTBOX_PENDING_SINCE, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: ['outbox'],
    });

    const step = (stepId: string, code: string, dataSource: appsync.BaseDataSource) =>
      pipelineFunction(this, api, dataSource, { id: stepId, name: `${props.name}${stepId}`, code });
    this.steps = [
      step('PublishOutboxEvent', 'publishOutboxEvent', props.eventsSource),
      step('ClearOutboxMark', 'clearOutboxMark', props.tableSource),
    ];

    // one sweep at a time: two at once would publish the same events twice
    const sweeper = bundledFunction(this, 'Sweeper', 'functions/outbox-sweeper/index.ts', {
      environment: { OUTBOX_TABLE: table.tableName, BUS_NAME: bus.eventBusName },
      timeout: Duration.minutes(5),
      reservedConcurrentExecutions: 1,
    });
    sweeper.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/${OUTBOX_INDEX}`] }),
    );
    sweeper.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:UpdateItem'], resources: [table.tableArn] }));
    bus.grantPutEventsTo(sweeper);
    // a sweep that keeps failing ends in the DLQ (alarmed); later sweeps still cover what it would have published
    this.deadLetterQueue = new DeadLetterQueue(this, 'SweepDlq');
    new events.Rule(this, 'Sweep', {
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [
        new targets.LambdaFunction(sweeper, {
          event: events.RuleTargetInput.fromObject({ olderThanSeconds: stageConfig(this).outboxSweepAfter.toSeconds() }),
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });
  }
}
