import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { bundledFunction } from '../bundled-function.js';
import { DeadLetterQueue } from './dead-letter-queue.js';

/** How the bus hands events to the consumer. */
export type ConsumerTrigger =
  /** The rule invokes the function itself: EventBridge retries with backoff, then dead-letters the event. */
  | { kind: 'direct'; retryAttempts?: number; maxEventAge?: Duration }
  /**
   * The rule fills a queue the function drains: for a rate-limited or unreliable receiver. Each message gets
   * `maxReceiveCount` tries `visibilityTimeout` apart, then goes to the queue's DLQ; the function reports
   * failures per message, so one bad message never fails its batch.
   */
  | {
      kind: 'buffered';
      /** the queue's construct id (its DLQ is `<queueId>Dlq`), naming what it holds */
      queueId: string;
      visibilityTimeout: Duration;
      maxReceiveCount: number;
      batchSize: number;
      maxConcurrency: number;
    };

export interface IdempotentConsumerProps {
  /** the handler, from the repository root (e.g. `functions/loyalty-ledger/index.ts`) */
  entry: string;
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
  reservedConcurrentExecutions?: number;
  /**
   * The idempotency table the function's records go in (IDEMPOTENCY_TABLE), or `conditionalWrite` for a function
   * whose one write is conditional on a key made of the event's `event_id` (functions/lib/event-consumer.ts)
   */
  idempotency: dynamodb.ITableV2 | 'conditionalWrite';
  bus: events.IEventBus;
  /** the events this consumer takes, and nothing else */
  eventPattern: events.EventPattern;
  trigger: ConsumerTrigger;
}

/**
 * The one way anything here consumes domain events: a bundled function with its own rule on the bus, handling a
 * redelivered event once (the idempotency table, `IDEMPOTENCY_TABLE`, or its own conditional write), retries, and
 * dead-letter queues that alarm. Each consumer is independent: one failing never holds up another.
 */
export class IdempotentConsumer extends Construct {
  /** The function's id is `Default`: its logical id, and so the physical name faults and logs match on, is the consumer's. */
  readonly function: nodejs.NodejsFunction;
  readonly deadLetterQueues: DeadLetterQueue[] = [];

  constructor(scope: Construct, id: string, props: IdempotentConsumerProps) {
    super(scope, id);
    const { idempotency, trigger } = props;
    const records = idempotency === 'conditionalWrite' ? null : idempotency;
    this.function = bundledFunction(this, 'Default', props.entry, {
      environment: { ...props.environment, ...(records ? { IDEMPOTENCY_TABLE: records.tableName } : {}) },
      timeout: props.timeout,
      memorySize: props.memorySize,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    });
    records?.grantReadWriteData(this.function);

    const target =
      trigger.kind === 'direct'
        ? new targets.LambdaFunction(this.function, {
            retryAttempts: trigger.retryAttempts ?? 8,
            maxEventAge: trigger.maxEventAge ?? Duration.hours(6),
            deadLetterQueue: this.deadLetterQueue('Dlq'),
          })
        : new targets.SqsQueue(this.bufferQueue(trigger), { deadLetterQueue: this.deadLetterQueue('RuleDlq') });
    new events.Rule(this, 'Rule', { eventBus: props.bus, eventPattern: props.eventPattern, targets: [target] });
  }

  private bufferQueue(trigger: Extract<ConsumerTrigger, { kind: 'buffered' }>): sqs.Queue {
    const queue = new sqs.Queue(this, trigger.queueId, {
      visibilityTimeout: trigger.visibilityTimeout,
      retentionPeriod: Duration.days(4),
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue(`${trigger.queueId}Dlq`), maxReceiveCount: trigger.maxReceiveCount },
    });
    this.function.addEventSource(
      new SqsEventSource(queue, { batchSize: trigger.batchSize, maxConcurrency: trigger.maxConcurrency, reportBatchItemFailures: true }),
    );
    return queue;
  }

  private deadLetterQueue(queueId: string): DeadLetterQueue {
    const queue = new DeadLetterQueue(this, queueId);
    this.deadLetterQueues.push(queue);
    return queue;
  }
}
