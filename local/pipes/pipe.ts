import type { PipeModel } from '../assembly/event-fabric-model.js';
import type { ScaledTime } from '../clock/scaled-time.js';
import type { EventFabric } from '../events/fabric.js';
import { readJsonPath } from '../common/json-path.js';
import { FilterCriteria } from '../common/filter-criteria.js';
import { fillTemplate } from '../common/input-template.js';
import { TargetFailure, type DeliveryTarget } from '../events/targets/index.js';
import type { LambdaRunner } from '../lambda/runner.js';
import type { LocalQueue } from '../queues/queue.js';
import { streamBatchInfo } from '../streams/stream-batch-info.js';
import type { StreamRecord } from '../streams/table-stream-reader.js';

/** A failing batch is retried with exponential backoff, at most a minute apart (AWS time). */
const FIRST_RETRY_MS = 1000;
const MAX_BACKOFF_MS = 60_000;
/** DynamoDB Streams keeps a record for 24 hours: the longest any retry policy can go on. */
const STREAM_RETENTION_SECONDS = 86_400;
const PUT_EVENTS_MAX_ENTRIES = 10;

export type PipeGiveUpCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/**
 * An EventBridge pipe from a DynamoDB stream: records pass the filters, go through the optional enrichment (a
 * Lambda function given the batch, returning the items to send), are shaped by the target's InputTemplate
 * (`<$.path>` placeholders), and reach the target. An event-bus target gets each item as the detail of an event
 * whose source and detail type come from EventBridgeEventBusParameters (Pipes' defaults otherwise).
 *
 * A failed batch holds up its shard (order is kept) and is retried with backoff until MaximumRetryAttempts
 * retries were made or its oldest record is older than MaximumRecordAgeInSeconds (both unlimited by default,
 * which means until the record leaves the stream after 24 hours). Then the batch's place in the stream goes to
 * the DeadLetterConfig queue in the shape Pipes sends, and the shard moves on.
 */
export class Pipe {
  private readonly filters: FilterCriteria;

  constructor(
    private readonly model: PipeModel,
    private readonly parts: {
      enrichment: Pick<LambdaRunner, 'invoke'> | null;
      /** for targets other than event buses */
      target: DeliveryTarget | null;
      /** the fabric itself: what a pipe publishes is never subject to injected client faults */
      fabric: Pick<EventFabric, 'putEvents'>;
      deadLetterQueue: LocalQueue | null;
      time: ScaledTime;
      signal: AbortSignal;
      log: (line: string) => void;
    },
  ) {
    this.filters = new FilterCriteria(model.filters);
  }

  /** Settles one batch read from a shard; false when the engine stopped before it settled. */
  async handle(records: StreamRecord[], shardId: string): Promise<boolean> {
    const wanted = this.filters.select(records);
    if (!wanted.length) return true;
    const { time, signal } = this.parts;
    const deadline = this.ageDeadline(wanted[0]);
    for (let retries = 0; ; retries++) {
      if (signal.aborted) return false;
      if (Date.now() >= deadline) return this.giveUp(wanted, shardId, 'RecordAgeExceeded', retries);
      try {
        await this.deliver(wanted);
        return true;
      } catch (caught) {
        const error = caught instanceof TargetFailure ? caught : new TargetFailure('InternalError', (caught as Error).message);
        this.parts.log(
          `[pipe ${this.model.name}] attempt ${retries + 1} on ${wanted.length} record(s) failed: ${error.code}: ${error.message}`,
        );
        if (this.model.maximumRetryAttempts !== -1 && retries >= this.model.maximumRetryAttempts)
          return this.giveUp(wanted, shardId, 'RetryAttemptsExhausted', retries + 1);
        const backoffMs = Math.min(FIRST_RETRY_MS * 2 ** retries, MAX_BACKOFF_MS);
        // never wait past the deadline: the record is given up on as soon as it is too old
        await time.sleep(Math.min(backoffMs, (deadline - Date.now()) / time.scale), signal);
      }
    }
  }

  /** Wall-clock ms when the batch's oldest record becomes too old to deliver. */
  private ageDeadline(oldest: StreamRecord): number {
    const createdAt = oldest.dynamodb.ApproximateCreationDateTime ? oldest.dynamodb.ApproximateCreationDateTime * 1000 : Date.now();
    const limitSeconds =
      this.model.maximumRecordAgeSeconds === -1
        ? STREAM_RETENTION_SECONDS
        : Math.min(this.model.maximumRecordAgeSeconds, STREAM_RETENTION_SECONDS);
    return createdAt + this.parts.time.ms(limitSeconds * 1000);
  }

  private async deliver(records: StreamRecord[]): Promise<void> {
    const payloads = (await this.enrich(records)).map((item) => this.payloadText(item));
    if (this.parts.target) {
      for (const payload of payloads) await this.parts.target.deliver(payload);
      return;
    }
    // a retry sends the whole batch again, so consumers may see an event twice: they deduplicate on its id
    for (let start = 0; start < payloads.length; start += PUT_EVENTS_MAX_ENTRIES)
      await this.putEvents(payloads.slice(start, start + PUT_EVENTS_MAX_ENTRIES));
  }

  private async enrich(records: StreamRecord[]): Promise<unknown[]> {
    if (!this.parts.enrichment) return records;
    const outcome = await this.parts.enrichment.invoke(records);
    if (!outcome.ok) throw new TargetFailure(outcome.errorType ?? 'Lambda.Unhandled', `enrichment failed: ${outcome.errorMessage}`);
    // an enrichment that returns nothing (or an empty array) sends nothing on
    if (outcome.result === null || outcome.result === undefined) return [];
    return Array.isArray(outcome.result) ? outcome.result : [outcome.result];
  }

  private payloadText(item: unknown): string {
    const template = this.model.targetInputTemplate;
    return template
      ? fillTemplate(template, (name) => (name.startsWith('$') ? { value: readJsonPath(item, name) } : null))
      : JSON.stringify(item);
  }

  private async putEvents(details: string[]): Promise<void> {
    const { Entries, FailedEntryCount } = await this.parts.fabric.putEvents(
      details.map((detail) => ({
        EventBusName: this.model.targetArn,
        Source: this.model.eventBus?.source ?? `Pipe ${this.model.name}`,
        DetailType: this.model.eventBus?.detailType ?? 'Event from aws:dynamodb',
        Detail: detail,
        Resources: [],
      })),
    );
    const failed = Entries.find((entry) => entry.ErrorCode);
    if (FailedEntryCount && failed)
      throw new TargetFailure(
        failed.ErrorCode!,
        `${FailedEntryCount} of ${details.length} PutEvents entries failed: ${failed.ErrorMessage ?? failed.ErrorCode}`,
      );
  }

  /** The batch leaves the shard: described in the DLQ when there is one, otherwise only in the log. */
  private giveUp(records: StreamRecord[], shardId: string, condition: PipeGiveUpCondition, attempts: number): boolean {
    const info = streamBatchInfo(records, shardId);
    const what = `${records.length} record(s), sequence numbers ${info.startSequenceNumber} to ${info.endSequenceNumber}, after ${attempts} attempt(s)`;
    const queue = this.parts.deadLetterQueue;
    if (!queue) {
      this.parts.log(`[pipe ${this.model.name}] ${condition}: dropped ${what}; the pipe has no dead-letter queue`);
      return true;
    }
    queue.send(
      JSON.stringify({
        context: { partnerResourceArn: this.model.arn, condition },
        version: '1.0',
        timestamp: new Date().toISOString(),
        DDBStreamBatchInfo: info,
      }),
    );
    this.parts.log(`[pipe ${this.model.name}] ${condition}: ${what} described in dead-letter queue ${queue.model.name}`);
    return true;
  }
}
