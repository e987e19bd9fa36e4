import type { EventSourceMappingModel } from '../assembly/event-fabric-model.js';
import type { ScaledTime } from '../clock/scaled-time.js';
import { FilterCriteria } from '../common/filter-criteria.js';
import type { LambdaRunner } from '../lambda/runner.js';
import type { LocalQueue, QueueMessage } from './queue.js';

const IDLE_WAIT_MS = 1000;

/**
 * An SQS → Lambda event source mapping: pollers receive batches (up to BatchSize, gathering for up to the batching
 * window), drop messages no filter matches (Lambda deletes them), invoke the function with the SQS event, then
 * delete what succeeded. With ReportBatchItemFailures only the listed messages stay; any other failure leaves the
 * whole batch to reappear after the visibility timeout, so the queue's redrive policy decides when to give up.
 * Lambda scales the batches in flight up to the function's concurrency, or ScalingConfig.MaximumConcurrency when
 * that is lower: one poller per batch in flight.
 */
export class SqsEventSource {
  private readonly abort = new AbortController();
  private readonly filters: FilterCriteria;
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly model: EventSourceMappingModel,
    private readonly queue: LocalQueue,
    private readonly runner: LambdaRunner,
    private readonly region: string,
    private readonly time: ScaledTime,
    private readonly log: (line: string) => void,
  ) {
    this.filters = new FilterCriteria(model.filters);
  }

  start(): void {
    if (!this.model.enabled) return;
    const pollers = Math.min(this.model.maximumConcurrency ?? Infinity, this.runner.concurrency);
    for (let poller = 0; poller < pollers; poller++) this.loops.push(this.poll());
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.loops);
  }

  private async poll(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      const batch = await this.nextBatch(signal);
      if (!batch.length) {
        await this.queue.waitForMessages(IDLE_WAIT_MS, signal);
        continue;
      }
      const wanted: QueueMessage[] = [];
      // a message no filter wants is consumed without invoking the function, as Lambda does
      for (const message of batch) {
        if (this.passesFilters(message)) wanted.push(message);
        else this.queue.delete(message.receiptHandle!);
      }
      if (wanted.length) await this.deliver(wanted);
    }
  }

  private async nextBatch(signal: AbortSignal): Promise<QueueMessage[]> {
    const batch = this.queue.receive(this.model.batchSize);
    if (!batch.length || batch.length >= this.model.batchSize || this.model.batchingWindowSeconds === 0) return batch;
    await this.time.sleep(this.model.batchingWindowSeconds * 1000, signal);
    return [...batch, ...this.queue.receive(this.model.batchSize - batch.length)];
  }

  private passesFilters(message: QueueMessage): boolean {
    return this.filters.isEmpty || this.filters.passes({ ...this.lambdaRecord(message), body: parseJsonOr(message.body) });
  }

  private async deliver(batch: QueueMessage[]): Promise<void> {
    const outcome = await this.runner.invoke({ Records: batch.map((message) => this.lambdaRecord(message)) });
    if (!outcome.ok)
      return this.log(
        `[sqs] ${this.model.logicalId}: ${this.runner.fn.name} failed (${outcome.errorType}: ${outcome.errorMessage}); the batch returns after the visibility timeout`,
      );
    const failures = this.model.reportBatchItemFailures ? reportedFailures(outcome.result, batch) : new Set<string>();
    // an unreadable failure report fails the whole batch, as Lambda does
    if (failures === null) return;
    for (const message of batch) if (!failures.has(message.messageId)) this.queue.delete(message.receiptHandle!);
  }

  private lambdaRecord(message: QueueMessage) {
    return {
      messageId: message.messageId,
      receiptHandle: message.receiptHandle,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: 'AROAEXAMPLELOCAL',
        ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
        ...(message.deadLetterSourceArn ? { DeadLetterQueueSourceArn: message.deadLetterSourceArn } : {}),
      },
      messageAttributes: Object.fromEntries(
        Object.entries(message.messageAttributes).map(([name, value]) => [
          name,
          { stringValue: value.StringValue, stringListValues: [], binaryListValues: [], dataType: value.DataType },
        ]),
      ),
      md5OfBody: message.md5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: this.queue.arn,
      awsRegion: this.region,
    };
  }
}

/** The ids in `{ batchItemFailures: [{ itemIdentifier }] }`; null when the report names unknown or empty ids. */
function reportedFailures(result: unknown, batch: QueueMessage[]): Set<string> | null {
  const failures = (result as { batchItemFailures?: Array<{ itemIdentifier?: unknown }> } | null)?.batchItemFailures;
  if (!Array.isArray(failures)) return new Set();
  const ids = new Set(batch.map((message) => message.messageId));
  const reported = failures.map((failure) => failure?.itemIdentifier);
  if (reported.some((id) => typeof id !== 'string' || !ids.has(id))) return null;
  return new Set(reported as string[]);
}

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
