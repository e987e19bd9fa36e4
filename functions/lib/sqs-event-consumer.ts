import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { DomainEvent } from '../../schema/events.js';
import { MalformedEventError } from './errors.js';
import { requiredEnv } from './env.js';
import { flushMetrics, observability, traced } from './observability.js';

/**
 * The SQS counterpart of `eventConsumer`, for queues an EventBridge rule feeds (each message body is one event):
 * per message, a logger and a trace subsegment carrying the event's correlation id, `EventsProcessed`/`EventsFailed`
 * metrics, and Powertools idempotency keyed on
 * `detail.metadata.event_id`. A message that fails is reported in `batchItemFailures`, so SQS redelivers only it
 * and dead-letters it after the queue's maxReceiveCount; the others are done.
 */
export function sqsEventConsumer<Data, Result>(
  service: string,
  work: (event: DomainEvent<Data>, logger: Logger) => Promise<Result>,
  { maxMessageMillis }: SqsEventConsumerOptions,
) {
  const { logger, metrics, tracer } = observability(service);
  const idempotentWork = makeIdempotent((event: DomainEvent<Data>, _context: Context) => work(event, logger), {
    persistenceStore: new DynamoDBPersistenceLayer({ tableName: requiredEnv('IDEMPOTENCY_TABLE') }),
    config: new IdempotencyConfig({ eventKeyJmesPath: 'detail.metadata.event_id', throwOnNoIdempotencyKey: true }),
  });
  const processRecord = async (record: SQSRecord, context: Context): Promise<void> => {
    logger.appendKeys({ message_id: record.messageId, receive_count: Number(record.attributes.ApproximateReceiveCount) });
    const event = domainEventIn<Data>(record);
    const correlationId = event.detail.metadata.correlation_id ?? event.detail.metadata.event_id;
    logger.setCorrelationId(correlationId);
    logger.appendKeys({ event_id: event.detail.metadata.event_id, event_name: event['detail-type'] });
    await traced(tracer, '## message', { correlation_id: correlationId, event_id: event.detail.metadata.event_id }, () =>
      idempotentWork(event, context),
    );
  };
  return async (batch: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    metrics.captureColdStartMetric(context.functionName);
    const batchItemFailures: SQSBatchItemFailure[] = [];
    // One message at a time: a duplicate in the same batch then finds the first one's result rather than its
    // in-progress lock, and a rate-limited third party never sees a burst from one invocation.
    for (const [index, record] of batch.Records.entries()) {
      // A timeout would return the whole batch, done messages included: hand back only those not started.
      if (context.getRemainingTimeInMillis() < maxMessageMillis) {
        const left = batch.Records.slice(index);
        logger.warn('too little time left for the rest of the batch; SQS will redeliver it', { messages: left.length });
        batchItemFailures.push(...left.map((unstarted) => ({ itemIdentifier: unstarted.messageId })));
        break;
      }
      try {
        await processRecord(record, context);
        metrics.addMetric('EventsProcessed', MetricUnit.Count, 1);
      } catch (error) {
        logger.error('message processing failed; SQS will redeliver it', error as Error);
        metrics.addMetric('EventsFailed', MetricUnit.Count, 1);
        batchItemFailures.push({ itemIdentifier: record.messageId });
      } finally {
        logger.resetKeys();
      }
    }
    flushMetrics(metrics);
    return { batchItemFailures };
  };
}

export interface SqsEventConsumerOptions {
  /** the longest one message can take: a message is started only if the invocation has that much time left */
  maxMessageMillis: number;
}

function domainEventIn<Data>(record: SQSRecord): DomainEvent<Data> {
  let event: DomainEvent<Data>;
  try {
    event = JSON.parse(record.body);
  } catch (error) {
    throw new MalformedEventError('the message body is not JSON', { cause: error });
  }
  if (typeof event?.detail?.metadata?.event_id !== 'string')
    throw new MalformedEventError('the message body is not a domain event (no detail.metadata.event_id)');
  return event;
}
