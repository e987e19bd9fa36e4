/**
 * The transactional outbox's contract between the resolvers that write it, the sweeper that publishes what they
 * could not, and the construct that indexes it (docs/gift-codes.md, "The outbox"). An item that owes an event
 * carries `outbox = { source, detailType, detail }` and, until the event is known to be on the bus, the sparse
 * mark `outboxPendingSince` (ISO time of the commit) with `outboxShard`: the `outboxPending` index holds exactly
 * the marked items, spread over OUTBOX_SHARDS partitions so that no index partition takes every commit's writes.
 *
 * Bundle-safe for APPSYNC_JS: constants only.
 */
export const OUTBOX_INDEX = 'outboxPending';
export const OUTBOX_PENDING_SINCE = 'outboxPendingSince';
export const OUTBOX_SHARD = 'outboxShard';
/** 16 partitions: at 4,500 commits/s each takes about 560 index writes/s (a mark and its removal), under 1,000 */
export const OUTBOX_SHARDS = 16;
