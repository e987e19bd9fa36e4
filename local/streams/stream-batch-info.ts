import type { StreamRecord } from './table-stream-reader.js';

/**
 * What Lambda and Pipes tell a failure destination about a batch they gave up on: where it sits in the stream,
 * not the records themselves (they stay readable in the stream, by sequence number, until they expire).
 */
export function streamBatchInfo(records: StreamRecord[], shardId: string) {
  const [first, last] = [records[0], records[records.length - 1]];
  const arrival = (record: StreamRecord) => new Date((record.dynamodb.ApproximateCreationDateTime ?? 0) * 1000).toISOString();
  return {
    shardId,
    startSequenceNumber: first.dynamodb.SequenceNumber,
    endSequenceNumber: last.dynamodb.SequenceNumber,
    approximateArrivalOfFirstRecord: arrival(first),
    approximateArrivalOfLastRecord: arrival(last),
    batchSize: records.length,
    streamArn: first.eventSourceARN,
  };
}
