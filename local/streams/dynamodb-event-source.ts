import { randomUUID } from 'node:crypto';
import type { EventSourceMappingModel } from '../assembly/event-fabric-model.js';
import type { ScaledTime } from '../clock/scaled-time.js';
import { FilterCriteria } from '../common/filter-criteria.js';
import type { LambdaRunner } from '../lambda/runner.js';
import type { LocalQueue } from '../queues/queue.js';
import { streamBatchInfo } from './stream-batch-info.js';
import type { StreamRecord } from './table-stream-reader.js';

const FIRST_RETRY_MS = 500;
const MAX_BACKOFF_MS = 60_000;

/**
 * A DynamoDB stream → Lambda event source mapping, for the batches a TableStreamReader hands it: records no
 * filter matches are skipped; a failed batch is retried (bisected first when BisectBatchOnFunctionError is on;
 * with ReportBatchItemFailures, retried from the first reported record) until MaximumRetryAttempts, then its
 * description goes to the OnFailure queue and the shard moves on, as Lambda does. -1 retries means until the
 * engine stops, the local stand-in for "until the record expires"; the batch is read again after a restart.
 */
export class DynamoDbEventSource {
  private readonly filters: FilterCriteria;

  constructor(
    private readonly model: EventSourceMappingModel,
    private readonly runner: LambdaRunner,
    private readonly onFailure: LocalQueue | null,
    private readonly time: ScaledTime,
    private readonly signal: AbortSignal,
  ) {
    this.filters = new FilterCriteria(model.filters);
  }

  /** False when the engine stopped before the batch settled. */
  async handle(records: StreamRecord[], shardId: string): Promise<boolean> {
    const wanted = this.filters.select(records);
    if (wanted.length) await this.deliver(wanted, shardId, 0);
    return !this.signal.aborted;
  }

  private async deliver(records: StreamRecord[], shardId: string, retriesMade: number): Promise<void> {
    let remaining = records;
    let retries = retriesMade;
    while (remaining.length && !this.signal.aborted) {
      const outcome = await this.runner.invoke({ Records: remaining });
      const failedFrom = outcome.ok ? this.firstReportedFailure(outcome.result, remaining) : 0;
      if (failedFrom === null) return;
      if (!outcome.ok && this.model.bisectOnError && remaining.length > 1) {
        const half = Math.ceil(remaining.length / 2);
        await this.deliver(remaining.slice(0, half), shardId, retries + 1);
        await this.deliver(remaining.slice(half), shardId, retries + 1);
        return;
      }
      remaining = remaining.slice(failedFrom);
      if (this.model.maximumRetryAttempts !== -1 && retries >= this.model.maximumRetryAttempts) {
        this.sendToOnFailure(remaining, shardId, retries + 1, outcome.errorType ?? 'PartialBatchFailure');
        return;
      }
      retries += 1;
      await this.time.sleep(Math.min(FIRST_RETRY_MS * 2 ** (retries - 1), MAX_BACKOFF_MS), this.signal);
    }
  }

  /** Index of the first record a partial-failure report names; null when everything succeeded. */
  private firstReportedFailure(result: unknown, records: StreamRecord[]): number | null {
    if (!this.model.reportBatchItemFailures) return null;
    const failures = (result as { batchItemFailures?: Array<{ itemIdentifier?: unknown }> } | null)?.batchItemFailures;
    if (!Array.isArray(failures) || !failures.length) return null;
    const indexes = failures.map((failure) => records.findIndex((record) => record.dynamodb.SequenceNumber === failure?.itemIdentifier));
    // an unknown identifier fails the whole batch, as Lambda does
    return indexes.includes(-1) ? 0 : Math.min(...indexes);
  }

  private sendToOnFailure(records: StreamRecord[], shardId: string, invokeCount: number, functionError: string): void {
    if (!this.onFailure) return;
    this.onFailure.send(
      JSON.stringify({
        requestContext: {
          requestId: randomUUID(),
          functionArn: this.model.functionName,
          condition: 'RetryAttemptsExhausted',
          approximateInvokeCount: invokeCount,
        },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError },
        version: '1.0',
        timestamp: new Date().toISOString(),
        DDBStreamBatchInfo: streamBatchInfo(records, shardId),
      }),
    );
  }
}
