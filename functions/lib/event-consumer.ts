import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { DomainEvent } from '../../schema/events.js';
import { requiredEnv } from './env.js';
import { MalformedEventError } from './errors.js';
import { flushMetrics, observability, traced } from './observability.js';

/**
 * How a consumer handles an event once however often it arrives (always keyed on `detail.metadata.event_id`):
 * - `record` (the default): Powertools idempotency keeps a record per event in the table IDEMPOTENCY_TABLE names.
 *   A duplicate delivery returns the first result without doing the work again; a failure releases the key so a
 *   retry can do it. For work that is not one conditional write: an email, a call out, several writes.
 * - `conditionalWrite`: the work is one write, conditional on a key made of the event's `event_id`, so a duplicate
 *   changes nothing by itself. No record: it would add a put and an update to every event for nothing.
 */
export type Idempotency = 'record' | 'conditionalWrite';

/**
 * Wraps a consumer's work the same way for every consumer: a Powertools logger carrying the event's correlation
 * id, a trace subsegment annotated with it, `EventsProcessed`/`EventsFailed` metrics per event name, and the
 * consumer's idempotency.
 */
export function eventConsumer<Data, Result>(
  service: string,
  work: (event: DomainEvent<Data>, logger: Logger) => Promise<Result>,
  idempotency: Idempotency = 'record',
) {
  const { logger, metrics, tracer } = observability(service);
  const idempotentWork =
    idempotency === 'record'
      ? makeIdempotent((event: DomainEvent<Data>, _context: Context) => work(event, logger), {
          persistenceStore: new DynamoDBPersistenceLayer({ tableName: requiredEnv('IDEMPOTENCY_TABLE') }),
          config: new IdempotencyConfig({ eventKeyJmesPath: 'detail.metadata.event_id', throwOnNoIdempotencyKey: true }),
        })
      : (event: DomainEvent<Data>) => {
          // the write's key is made of it, as the record's would be
          if (!event.detail?.metadata?.event_id) throw new MalformedEventError('the event has no detail.metadata.event_id');
          return work(event, logger);
        };
  return async (event: DomainEvent<Data>, context: Context): Promise<Result> => {
    logger.addContext(context);
    metrics.captureColdStartMetric(context.functionName);
    const correlationId = event.detail?.metadata?.correlation_id ?? event.detail?.metadata?.event_id;
    const eventId = event.detail?.metadata?.event_id;
    logger.setCorrelationId(correlationId);
    logger.appendKeys({ event_id: eventId, event_name: event['detail-type'] });
    metrics.addDimension('event_name', String(event['detail-type']));
    try {
      const result = await traced(tracer, '## event', { correlation_id: correlationId, event_id: eventId }, () =>
        idempotentWork(event, context),
      );
      metrics.addMetric('EventsProcessed', MetricUnit.Count, 1);
      return result;
    } catch (error) {
      logger.error('event processing failed', error as Error);
      metrics.addMetric('EventsFailed', MetricUnit.Count, 1);
      throw error;
    } finally {
      logger.resetKeys();
      flushMetrics(metrics);
    }
  };
}
