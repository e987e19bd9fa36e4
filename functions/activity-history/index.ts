import { requiredEnv } from '../lib/env.js';
import { eventConsumer } from '../lib/event-consumer.js';
import { recordActivity } from './record-activity.js';

const table = requiredEnv('ACTIVITY_TABLE');

/** Account history: every domain event it is routed is kept, once, in the history of the aggregate it is about. */
export const handler = eventConsumer('activity-history', async (event, logger) => {
  const entry = await recordActivity(table, event);
  logger.info('activity recorded', { pk: entry.pk });
  return entry;
});
