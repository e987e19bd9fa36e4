import { requiredEnv } from '../lib/env.js';
import { instrumentedHandler, observability } from '../lib/observability.js';
import { sweep, type SweepResult } from './sweep.js';

const table = requiredEnv('OUTBOX_TABLE');
const busName = requiredEnv('BUS_NAME');
const tools = observability('outbox-sweeper');

/** What the schedule sends: how old a mark must be to be swept, and (for rehearsals and tests) the moment to run as. */
export interface SweepJob {
  olderThanSeconds: number;
  now?: string;
}

/**
 * The outbox's safety net (infra/platform/transactional-outbox.ts), on a schedule: publishes the events committed
 * items still owe once their mark is older than any pipeline can still be running (AppSync stops a request after
 * 30 s), and clears their marks. Refused entries are logged and stay marked; the next sweep tries them again.
 */
export const handler = instrumentedHandler(tools, async (job: SweepJob): Promise<SweepResult> => {
  const now = Date.parse(job.now ?? new Date().toISOString());
  const result = await sweep(table, busName, new Date(now - job.olderThanSeconds * 1000).toISOString());
  if (result.refused) tools.logger.error('outbox events refused by the bus; the next sweep retries them', { ...result });
  else if (result.published) tools.logger.info('outbox events published by the sweeper', { ...result });
  return result;
});
