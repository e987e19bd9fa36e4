import { createHash, randomUUID } from 'node:crypto';
import type { QueueModel } from '../assembly/event-fabric-model.js';
import type { ScaledTime } from '../clock/scaled-time.js';

export interface MessageAttribute {
  DataType: string;
  StringValue?: string;
}

export interface QueueMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  messageAttributes: Record<string, MessageAttribute>;
  sentAt: number;
  /** wall-clock ms when the message can next be received */
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt: number | null;
  receiptHandle: string | null;
  groupId: string | null;
  /** set when SQS moved the message here from a source queue's redrive policy */
  deadLetterSourceArn: string | null;
}

export interface SendOptions {
  messageAttributes?: Record<string, MessageAttribute>;
  delaySeconds?: number;
  groupId?: string | null;
  deadLetterSourceArn?: string | null;
}

/**
 * One SQS standard queue: a received message is hidden for the visibility timeout and comes back unless deleted;
 * each receive counts, and once the count has reached the redrive policy's maxReceiveCount the next receive moves
 * the message to the dead-letter queue instead, as SQS does. Messages older than the retention period vanish.
 */
export class LocalQueue {
  private messages: QueueMessage[] = [];
  private readonly waiters = new Set<() => void>();
  /** resolved after construction, since a queue and its DLQ may be declared in any order */
  deadLetterQueue: LocalQueue | null = null;

  constructor(
    readonly model: QueueModel,
    private readonly time: ScaledTime,
    private readonly changed: () => void,
  ) {}

  get arn(): string {
    return this.model.arn;
  }

  restore(messages: QueueMessage[]): void {
    this.messages = messages;
  }

  snapshot(): QueueMessage[] {
    return this.messages;
  }

  send(body: string, options: SendOptions = {}): QueueMessage {
    const now = Date.now();
    const message: QueueMessage = {
      messageId: randomUUID(),
      body,
      md5OfBody: createHash('md5').update(body).digest('hex'),
      messageAttributes: options.messageAttributes ?? {},
      sentAt: now,
      visibleAt: now + this.time.ms((options.delaySeconds ?? this.model.delaySeconds) * 1000),
      receiveCount: 0,
      firstReceivedAt: null,
      receiptHandle: null,
      groupId: options.groupId ?? null,
      deadLetterSourceArn: options.deadLetterSourceArn ?? null,
    };
    this.messages.push(message);
    this.changed();
    this.wake();
    return message;
  }

  /** Receives up to `max` visible messages, hiding each for the visibility timeout (seconds, AWS time). */
  receive(max: number, visibilityTimeoutSeconds = this.model.visibilityTimeoutSeconds): QueueMessage[] {
    const now = Date.now();
    this.dropExpired(now);
    const received: QueueMessage[] = [];
    for (const message of [...this.messages]) {
      if (received.length >= max) break;
      if (message.visibleAt > now) continue;
      const redrive = this.model.redrive;
      if (redrive && this.deadLetterQueue && message.receiveCount >= redrive.maxReceiveCount) {
        this.remove(message);
        this.deadLetterQueue.send(message.body, {
          messageAttributes: message.messageAttributes,
          delaySeconds: 0,
          deadLetterSourceArn: this.arn,
        });
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + this.time.ms(visibilityTimeoutSeconds * 1000);
      message.receiptHandle = randomUUID();
      received.push({ ...message });
    }
    if (received.length) this.changed();
    return received;
  }

  /** False when the receipt handle is no longer current (the message came back, or was deleted). */
  delete(receiptHandle: string): boolean {
    const message = this.messages.find((candidate) => candidate.receiptHandle === receiptHandle);
    if (!message) return false;
    this.remove(message);
    return true;
  }

  changeVisibility(receiptHandle: string, visibilityTimeoutSeconds: number): boolean {
    const message = this.messages.find((candidate) => candidate.receiptHandle === receiptHandle);
    if (!message) return false;
    message.visibleAt = Date.now() + this.time.ms(visibilityTimeoutSeconds * 1000);
    this.changed();
    if (visibilityTimeoutSeconds === 0) this.wake();
    return true;
  }

  /** Takes messages out by id (inspection and redrive); returns those found. */
  take(messageIds: string[] | 'all'): QueueMessage[] {
    const taken = this.messages.filter((message) => messageIds === 'all' || messageIds.includes(message.messageId));
    for (const message of taken) this.remove(message);
    return taken;
  }

  /** Everything in the queue, visible or not, oldest first. */
  list(): readonly QueueMessage[] {
    this.dropExpired(Date.now());
    return this.messages;
  }

  /** Resolves when a message may be receivable, or after `maxWaitMs` (wall clock), or on abort. */
  waitForMessages(maxWaitMs: number, signal: AbortSignal): Promise<void> {
    const nextVisible = Math.min(...this.messages.map((message) => message.visibleAt));
    const wait = Math.max(0, Math.min(maxWaitMs, nextVisible - Date.now()));
    if (wait === 0 || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, wait);
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private remove(message: QueueMessage): void {
    this.messages = this.messages.filter((candidate) => candidate !== message);
    this.changed();
  }

  private dropExpired(now: number): void {
    const oldest = now - this.model.retentionSeconds * 1000;
    if (this.messages.some((message) => message.sentAt < oldest)) {
      this.messages = this.messages.filter((message) => message.sentAt >= oldest);
      this.changed();
    }
  }
}
