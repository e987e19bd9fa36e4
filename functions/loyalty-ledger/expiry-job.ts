import { Logger } from '@aws-lambda-powertools/logger';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../lib/env.js';
import { publishEvents, type OutgoingEvent } from '../lib/publish-events.js';
import { expireDue, expiryWarningDue, reviewTier } from './account.js';
import { documents } from './documents.js';
import { POINTS_EXPIRED, POINTS_EXPIRING } from '../../schema/events.js';
import { accountEvent, tierChangedEvent } from './loyalty-events.js';
import { expiryWarningDays } from './policy.js';

const loyaltyTable = requiredEnv('LOYALTY_TABLE');
const busName = requiredEnv('BUS_NAME');
const logger = new Logger({ serviceName: 'loyalty-expiry' });

/** What the schedule sends: the task; for rehearsals, support and tests, the moment to run as and one member to run for. */
export interface AccountJob {
  task: 'expire' | 'review';
  now?: string;
  /** this member only, instead of every member (e.g. re-running a member's expiry after a fix) */
  customerId?: string;
}

/**
 * The scheduled account job (docs/loyalty.md). `expire`: expires what is due, exactly once per point
 * (`points_expired`), and warns of what expires in the next N days, once per expiry date (`points_expiring`).
 * `review`: the periodic tier review, the only place a tier goes down (`tier_changed`). Every step is
 * idempotent, so a run that fails half way is simply run again.
 */
export async function handler(job: AccountJob): Promise<{ members: number; events: number }> {
  const now = job.now ?? new Date().toISOString();
  let members = 0;
  let published = 0;
  for await (const customerId of job.customerId ? [job.customerId] : everyMember()) {
    members++;
    const events = job.task === 'review' ? await review(customerId, now) : await expire(customerId, now);
    if (events.length) await publishEvents(busName, events);
    published += events.length;
  }
  logger.info('account job done', { task: job.task, now, members, events: published });
  return { members, events: published };
}

async function expire(customerId: string, now: string): Promise<OutgoingEvent[]> {
  const events: OutgoingEvent[] = [];
  const expired = await expireDue(loyaltyTable, customerId, now);
  if (expired.entryId) {
    events.push(
      accountEvent(POINTS_EXPIRED, expired.entryId, expired.entryId, customerId, {
        customerId,
        entryId: expired.entryId,
        points: expired.points,
        balance: expired.balance,
        expiredAt: now,
      }),
    );
  }
  const warning = await expiryWarningDue(loyaltyTable, customerId, now, expiryWarningDays());
  if (warning) {
    const eventId = `expiring:${customerId}:${warning.expiresAt}`;
    events.push(accountEvent(POINTS_EXPIRING, eventId, eventId, customerId, warning));
  }
  return events;
}

async function review(customerId: string, now: string): Promise<OutgoingEvent[]> {
  const { change } = await reviewTier(loyaltyTable, customerId, now, { upgradeOnly: false });
  const causeId = `review:${customerId}:${now}`;
  return change ? [tierChangedEvent(change, causeId, causeId)] : [];
}

/**
 * Every member with an account. A scan reads the whole table; at scale, a sparse index of members with unsettled
 * lots would replace it (docs/loyalty.md, "Failure modes and scale").
 */
async function* everyMember(): AsyncGenerator<string> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: loyaltyTable,
        FilterExpression: 'sk = :balance',
        ExpressionAttributeValues: { ':balance': 'BALANCE' },
        ProjectionExpression: 'customerId',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) yield String(item.customerId);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}
