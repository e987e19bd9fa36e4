import { requiredEnv } from '../lib/env.js';
import { eventConsumer } from '../lib/event-consumer.js';
import { historyEntryOf, recordHistoryEntry } from './history.js';

const table = requiredEnv('ACCOUNT_HISTORY_TABLE');

/**
 * The customer's account history: one entry per event about a customer (gift code redeemed, value applied,
 * failed; reward redeemed, points earned, tier changed), with a summary they can read; the rule sends only the
 * events that are history (infra/domains/account-history.ts). Events that name no customer are not history. The
 * entry's key holds the event's `event_id` and its put is conditional, so a redelivery records nothing twice.
 */
export const handler = eventConsumer<Record<string, unknown>, { recorded: boolean; sk?: string }>(
  'account-history',
  async (event, logger) => {
    const customerId = event.detail.data?.customerId;
    if (typeof customerId !== 'string' || !customerId) {
      logger.warn('the event names no customer: nothing to record');
      return { recorded: false };
    }
    const entry = historyEntryOf(event, customerId);
    const { recorded } = await recordHistoryEntry(table, entry);
    logger.info(recorded ? 'history entry recorded' : 'history entry was already recorded', { sk: entry.sk });
    return { recorded, sk: entry.sk };
  },
  'conditionalWrite',
);
