import * as path from 'node:path';
import { SnapshotFile } from '../persistence/snapshot-file.js';

interface ConsumerPositions {
  streamArn: string;
  /** last settled sequence number per shard, or "done" for a shard read to its end */
  shards: Record<string, string>;
}

const DONE = 'done';

/** How far each stream consumer has read, in `<dataDir>/stream-positions.json`, so a restart neither replays nor skips. */
export class StreamPositions {
  private readonly consumers: Record<string, ConsumerPositions>;
  private readonly file: SnapshotFile<Record<string, ConsumerPositions>>;

  constructor(dataDir: string | null) {
    this.file = new SnapshotFile(dataDir && path.join(dataDir, 'stream-positions.json'), () => this.consumers);
    this.consumers = this.file.load() ?? {};
  }

  has(consumerId: string): boolean {
    return consumerId in this.consumers;
  }

  /** A table recreated with a new stream starts its consumers afresh. */
  begin(consumerId: string, streamArn: string): void {
    if (this.consumers[consumerId]?.streamArn === streamArn) return;
    this.consumers[consumerId] = { streamArn, shards: {} };
    this.file.changed();
  }

  sequenceNumber(consumerId: string, shardId: string): string | null {
    const saved = this.consumers[consumerId]?.shards[shardId];
    return saved && saved !== DONE ? saved : null;
  }

  finished(consumerId: string, shardId: string): boolean {
    return this.consumers[consumerId]?.shards[shardId] === DONE;
  }

  advance(consumerId: string, shardId: string, sequenceNumber: string): void {
    this.consumers[consumerId].shards[shardId] = sequenceNumber;
    this.file.changed();
  }

  finish(consumerId: string, shardId: string): void {
    this.consumers[consumerId].shards[shardId] = DONE;
    this.file.changed();
  }

  flush(): void {
    this.file.flush();
  }
}
