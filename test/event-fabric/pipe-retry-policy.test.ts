import { afterEach, describe, expect, it } from 'vitest';
import type { PipeModel, QueueModel } from '../../local/assembly/event-fabric-model.js';
import { ScaledTime } from '../../local/clock/scaled-time.js';
import { EventFabric, type RecordedEvent } from '../../local/events/fabric.js';
import type { InvokeResult } from '../../local/lambda/runner.js';
import { Pipe } from '../../local/pipes/pipe.js';
import { LocalQueue } from '../../local/queues/queue.js';
import type { StreamRecord } from '../../local/streams/table-stream-reader.js';
import { eventually } from '../steps/then-steps.js';

// The pipe on its own: a scripted enrichment, a real fabric and a real DLQ, AWS's delays scaled down.
const STREAM_ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/outbox/stream/local';
const PIPE_ARN = 'arn:aws:pipes:us-east-1:000000000000:pipe/relay';
const aborts: AbortController[] = [];
afterEach(() => aborts.splice(0).forEach((abort) => abort.abort()));

function aPipe(settings: Partial<PipeModel>, enrichment: (records: unknown) => InvokeResult, timeScale: number) {
  const model: PipeModel = {
    logicalId: 'RelayPipe',
    name: 'relay',
    arn: PIPE_ARN,
    sourceArn: STREAM_ARN,
    batchSize: 10,
    startingPosition: 'TRIM_HORIZON',
    maximumRetryAttempts: -1,
    maximumRecordAgeSeconds: -1,
    deadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:relay-dlq',
    filters: [],
    enrichmentArn: 'arn:aws:lambda:us-east-1:000000000000:function:relay',
    targetArn: 'arn:aws:events:us-east-1:000000000000:event-bus/fabric',
    targetInputTemplate: null,
    eventBus: { source: 'test.relay', detailType: 'relayed' },
    ...settings,
  };
  const time = new ScaledTime(timeScale);
  const queueModel: QueueModel = {
    logicalId: 'Dlq',
    name: 'relay-dlq',
    arn: model.deadLetterArn!,
    url: 'http://sqs.local/relay-dlq',
    visibilityTimeoutSeconds: 30,
    retentionSeconds: 345_600,
    delaySeconds: 0,
    fifo: false,
    redrive: null,
  };
  const deadLetterQueue = new LocalQueue(queueModel, time, () => {});
  const fabric = new EventFabric(['fabric'], 'us-east-1');
  const published: RecordedEvent[] = [];
  fabric.onEvent((recorded) => published.push(recorded));
  const invocations: unknown[] = [];
  const abort = new AbortController();
  aborts.push(abort);
  const log: string[] = [];
  const pipe = new Pipe(model, {
    enrichment: { invoke: async (records) => (invocations.push(records), enrichment(records)) },
    target: null,
    fabric,
    deadLetterQueue,
    time,
    signal: abort.signal,
    log: (line) => log.push(line),
  });
  return { pipe, published, invocations, deadLetterQueue, abort, log };
}

function aRecord(sequenceNumber: string, createdAtMs = Date.now()): StreamRecord {
  return {
    eventID: `event-${sequenceNumber}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      SequenceNumber: sequenceNumber,
      ApproximateCreationDateTime: createdAtMs / 1000,
      NewImage: { pk: { S: `item-${sequenceNumber}` } },
    },
    eventSourceARN: STREAM_ARN,
  };
}

const failed = (errorType: string): InvokeResult => ({ ok: false, errorType, errorMessage: `${errorType} on purpose` });

describe('a pipe with an enrichment and an event-bus target', () => {
  it('publishes each object the enrichment returns as one event’s detail', async () => {
    const { pipe, published } = aPipe(
      {},
      (records) => ({
        ok: true,
        result: (records as StreamRecord[]).flatMap((record) => [
          { n: 1, of: record.eventID },
          { n: 2, of: record.eventID },
        ]),
      }),
      0.01,
    );
    expect(await pipe.handle([aRecord('1'), aRecord('2')], 'shard-1')).toBe(true);
    expect(published.map((recorded) => recorded.event.detail)).toEqual([
      { n: 1, of: 'event-1' },
      { n: 2, of: 'event-1' },
      { n: 1, of: 'event-2' },
      { n: 2, of: 'event-2' },
    ]);
    expect(
      published.every(
        (recorded) => recorded.event.source === 'test.relay' && recorded.event['detail-type'] === 'relayed' && recorded.bus === 'fabric',
      ),
    ).toBe(true);
  });

  it('sends nothing on when the enrichment returns nothing', async () => {
    for (const result of [null, []]) {
      const { pipe, published, deadLetterQueue } = aPipe({}, () => ({ ok: true, result }), 0.01);
      expect(await pipe.handle([aRecord('1')], 'shard-1')).toBe(true);
      expect(published).toEqual([]);
      expect(deadLetterQueue.list()).toEqual([]);
    }
  });
});

describe('a failing batch', () => {
  it('is retried past any fixed number of attempts by default, and delivered once the enrichment recovers', async () => {
    let calls = 0;
    const { pipe, published, deadLetterQueue } = aPipe(
      {},
      () => (++calls <= 6 ? failed('Runtime.ExitError') : { ok: true, result: [{ recovered: true }] }),
      0.001,
    );
    expect(await pipe.handle([aRecord('1')], 'shard-1')).toBe(true);
    expect(calls).toBe(7);
    expect(published.map((recorded) => recorded.event.detail)).toEqual([{ recovered: true }]);
    expect(deadLetterQueue.list()).toEqual([]);
  });

  it('goes to the DLQ in Pipes’ shape once MaximumRetryAttempts retries failed', async () => {
    const { pipe, invocations, deadLetterQueue, published } = aPipe({ maximumRetryAttempts: 2 }, () => failed('PoisonRecord'), 0.001);
    const records = [aRecord('100'), aRecord('101')];
    expect(await pipe.handle(records, 'shardId-0001')).toBe(true);
    expect(invocations).toHaveLength(3);
    expect(published).toEqual([]);
    const [message] = deadLetterQueue.list();
    expect(JSON.parse(message.body)).toEqual({
      context: { partnerResourceArn: PIPE_ARN, condition: 'RetryAttemptsExhausted' },
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      DDBStreamBatchInfo: {
        shardId: 'shardId-0001',
        startSequenceNumber: '100',
        endSequenceNumber: '101',
        approximateArrivalOfFirstRecord: new Date(records[0].dynamodb.ApproximateCreationDateTime! * 1000).toISOString(),
        approximateArrivalOfLastRecord: new Date(records[1].dynamodb.ApproximateCreationDateTime! * 1000).toISOString(),
        batchSize: 2,
        streamArn: STREAM_ARN,
      },
    });
  });

  it('goes to the DLQ once its oldest record is older than MaximumRecordAgeInSeconds', async () => {
    // 60 s of AWS time is 600 ms here
    const { pipe, invocations, deadLetterQueue } = aPipe({ maximumRecordAgeSeconds: 60 }, () => failed('Boom'), 0.01);
    const startedAt = Date.now();
    expect(await pipe.handle([aRecord('7')], 'shard-1')).toBe(true);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(550);
    expect(invocations.length).toBeGreaterThan(3);
    expect(JSON.parse(deadLetterQueue.list()[0].body).context.condition).toBe('RecordAgeExceeded');
  });

  it('with no limits set, is retried until the record leaves the stream after 24 hours', async () => {
    // 24 h of AWS time is 864 ms here
    const { pipe, invocations, deadLetterQueue, log } = aPipe({}, () => failed('Boom'), 0.00001);
    const startedAt = Date.now();
    expect(await pipe.handle([aRecord('8')], 'shard-1')).toBe(true);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(800);
    expect(invocations.length).toBeGreaterThan(20);
    expect(JSON.parse(deadLetterQueue.list()[0].body).context.condition).toBe('RecordAgeExceeded');
    expect(log.at(-1)).toMatch(/RecordAgeExceeded: 1 record\(s\), sequence numbers 8 to 8, .* described in dead-letter queue relay-dlq/);
  });

  it('is read again after a restart when the engine stops while it is being retried', async () => {
    const { pipe, abort, deadLetterQueue, invocations } = aPipe({}, () => failed('Boom'), 1);
    const handled = pipe.handle([aRecord('9')], 'shard-1');
    await eventually(async () => expect(invocations.length, 'a first failed attempt').toBeGreaterThan(0));
    abort.abort();
    expect(await handled).toBe(false);
    expect(deadLetterQueue.list()).toEqual([]);
  });
});
