import { ScaledTime } from '../clock/scaled-time.js';
import type { DynamoDbClient } from '../dynamodb/client.js';
import type { StreamPositions } from './stream-positions.js';

/** A DynamoDB stream record as Lambda and Pipes hand it over. */
export interface StreamRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventVersion: string;
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  dynamodb: {
    SequenceNumber: string;
    ApproximateCreationDateTime?: number;
    Keys?: unknown;
    NewImage?: unknown;
    OldImage?: unknown;
    SizeBytes?: number;
    StreamViewType?: string;
  };
  eventSourceARN: string;
}

interface Shard {
  ShardId: string;
  ParentShardId?: string;
  SequenceNumberRange?: { EndingSequenceNumber?: string };
}

const IDLE_POLL_MS = 200;
const REDESCRIBE_EVERY_MS = 5000;
/** polling is the engine's own pace, not an AWS delay: never scaled */
const realTime = new ScaledTime(1);

/**
 * Reads one table's stream for one consumer (a mapping or a pipe), shard by shard, in order, through DynamoDB
 * Local's DynamoDB Streams API. The consumer's handler sees each batch once it settles it (success or given up),
 * then the position is saved, so a restart continues after the last settled record; a batch the engine's stop
 * interrupted is not settled, and is read again after the restart. A consumer's first start
 * begins at its StartingPosition; shards that appear later are read from their start.
 */
export class TableStreamReader {
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(
    private readonly options: {
      consumerId: string;
      tableName: string;
      /** the ARN the template gives the stream (records carry it as eventSourceARN) */
      declaredStreamArn: string;
      startingPosition: 'TRIM_HORIZON' | 'LATEST';
      batchSize: number;
      region: string;
      tables: DynamoDbClient;
      streams: DynamoDbClient;
      positions: StreamPositions;
      /** settles a batch; false when it was interrupted (the engine stopping), so it is read again after a restart */
      handle: (records: StreamRecord[], shardId: string) => Promise<boolean>;
      onError: (error: Error) => void;
    },
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { signal } = this.abort;
    const { tables, streams, tableName, consumerId, positions } = this.options;
    const iterators = new Map<string, string | null>();
    let streamArn = '';
    let shards: Shard[] = [];
    let describedAt = 0;
    const firstStart = !positions.has(consumerId);
    while (!signal.aborted) {
      try {
        if (Date.now() - describedAt > REDESCRIBE_EVERY_MS) {
          const table = await tables.call<{ Table: { LatestStreamArn?: string } }>('DescribeTable', { TableName: tableName });
          if (!table.Table.LatestStreamArn) throw new Error(`Table ${tableName} has no stream`);
          streamArn = table.Table.LatestStreamArn;
          positions.begin(consumerId, streamArn);
          shards = await this.describeShards(streamArn);
          describedAt = Date.now();
        }
        let read = 0;
        for (const shard of shards) {
          if (signal.aborted || positions.finished(consumerId, shard.ShardId)) continue;
          if (!iterators.has(shard.ShardId)) iterators.set(shard.ShardId, await this.iterator(streamArn, shard, firstStart));
          const iterator = iterators.get(shard.ShardId);
          if (!iterator) continue;
          const page = await streams.call<{ Records?: StreamRecord[]; NextShardIterator?: string }>('GetRecords', {
            ShardIterator: iterator,
            Limit: this.options.batchSize,
          });
          const records = (page.Records ?? []).map((record) => ({
            ...record,
            awsRegion: this.options.region,
            eventSourceARN: this.options.declaredStreamArn,
          }));
          if (records.length) {
            if (!(await this.options.handle(records, shard.ShardId))) break;
            positions.advance(consumerId, shard.ShardId, records[records.length - 1].dynamodb.SequenceNumber);
            read += records.length;
          }
          iterators.set(shard.ShardId, page.NextShardIterator ?? null);
          if (!page.NextShardIterator) positions.finish(consumerId, shard.ShardId);
        }
        if (!read) await realTime.sleep(IDLE_POLL_MS, signal);
      } catch (error) {
        // expired iterators, a table being recreated, DynamoDB Local restarting: start over from the saved positions
        iterators.clear();
        describedAt = 0;
        if (!signal.aborted) this.options.onError(error as Error);
        await realTime.sleep(IDLE_POLL_MS * 5, signal);
      }
    }
  }

  private async describeShards(streamArn: string): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const page = await this.options.streams.call<{ StreamDescription: { Shards: Shard[]; LastEvaluatedShardId?: string } }>(
        'DescribeStream',
        {
          StreamArn: streamArn,
          ...(start ? { ExclusiveStartShardId: start } : {}),
        },
      );
      shards.push(...page.StreamDescription.Shards);
      start = page.StreamDescription.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  private async iterator(streamArn: string, shard: Shard, firstStart: boolean): Promise<string | null> {
    const saved = this.options.positions.sequenceNumber(this.options.consumerId, shard.ShardId);
    const closed = Boolean(shard.SequenceNumberRange?.EndingSequenceNumber);
    if (!saved && firstStart && this.options.startingPosition === 'LATEST' && closed) {
      this.options.positions.finish(this.options.consumerId, shard.ShardId);
      return null;
    }
    const position = saved
      ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: saved }
      : { ShardIteratorType: firstStart && this.options.startingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON' };
    const result = await this.options.streams.call<{ ShardIterator?: string }>('GetShardIterator', {
      StreamArn: streamArn,
      ShardId: shard.ShardId,
      ...position,
    });
    return result.ShardIterator ?? null;
  }
}
