import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { DomainEvent } from '../../schema/events.js';
import { requiredEnv } from './env.js';

/**
 * Wraps a consumer's work the same way for every consumer: a Powertools logger carrying the event's correlation
 * id, and Powertools idempotency keyed on `detail.metadata.event_id` in the table IDEMPOTENCY_TABLE names. A
 * duplicate delivery returns the first result without doing the work again; a failure releases the key so a
 * retry can do it.
 */
export function eventConsumer<Data, Result>(service: string, work: (event: DomainEvent<Data>, logger: Logger) => Promise<Result>) {
  const logger = new Logger({ serviceName: service });
  const idempotentWork = makeIdempotent((event: DomainEvent<Data>, _context: Context) => work(event, logger), {
    persistenceStore: new DynamoDBPersistenceLayer({ tableName: requiredEnv('IDEMPOTENCY_TABLE') }),
    config: new IdempotencyConfig({ eventKeyJmesPath: 'detail.metadata.event_id', throwOnNoIdempotencyKey: true }),
  });
  return async (event: DomainEvent<Data>, context: Context): Promise<Result> => {
    logger.addContext(context);
    logger.setCorrelationId(event.detail?.metadata?.correlation_id ?? event.detail?.metadata?.event_id);
    logger.appendKeys({ event_id: event.detail?.metadata?.event_id, event_name: event['detail-type'] });
    try {
      return await idempotentWork(event, context);
    } catch (error) {
      logger.error('event processing failed', error as Error);
      throw error;
    } finally {
      logger.resetKeys();
    }
  };
}
