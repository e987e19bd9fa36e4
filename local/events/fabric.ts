import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT_ID } from '../assembly/intrinsics.js';
import type { PutEventsEntry, PutEventsPublisher, PutEventsResultEntry } from '../common/put-events.js';

/** An event as EventBridge delivers it to targets. */
export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

export interface RecordedEvent {
  bus: string;
  event: EventEnvelope;
  receivedAt: string;
}

const MAX_ENTRY_BYTES = 256 * 1024;

/**
 * The local event buses. PutEvents validates each entry as EventBridge does and stamps the envelope; listeners
 * (the rule router, which also keeps the event log) receive what was accepted.
 */
export class EventFabric implements PutEventsPublisher {
  private buses: Set<string>;
  private readonly listeners = new Set<(recorded: RecordedEvent) => void>();
  /** events accepted while delivery is held, in order */
  private held: RecordedEvent[] | null = null;

  constructor(
    busNames: string[],
    private readonly region: string,
  ) {
    this.buses = new Set(['default', ...busNames]);
  }

  /** The buses of a newly deployed assembly; events already accepted are not affected. */
  setBuses(busNames: string[]): void {
    this.buses = new Set(['default', ...busNames]);
  }

  /**
   * Keeps accepting events but holds their delivery until the returned function is called, which hands them to
   * the listeners registered by then: while one deployment's router stops and the next one's starts, nothing a
   * client puts is lost.
   */
  holdDelivery(): () => void {
    this.held ??= [];
    return () => {
      const held = this.held ?? [];
      this.held = null;
      for (const recorded of held) this.deliver(recorded);
    };
  }

  onEvent(listener: (recorded: RecordedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async putEvents(entries: PutEventsEntry[]): Promise<{ Entries: PutEventsResultEntry[]; FailedEntryCount: number }> {
    const results = entries.map((entry) => this.accept(entry));
    return { Entries: results, FailedEntryCount: results.filter((result) => result.ErrorCode).length };
  }

  private accept(entry: PutEventsEntry): PutEventsResultEntry {
    const bus = busNameOf(entry.EventBusName ?? 'default');
    if (!this.buses.has(bus)) return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${bus} does not exist.` };
    if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameters Source, DetailType and Detail are required.' };
    }
    if (Buffer.byteLength(JSON.stringify(entry)) > MAX_ENTRY_BYTES)
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Entry size must be at most 256 KB.' };
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (!detail || typeof detail !== 'object' || Array.isArray(detail))
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    const time = new Date(entry.Time ?? Date.now());
    if (Number.isNaN(time.getTime())) return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Time is not a valid timestamp.' };
    const event: EventEnvelope = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: LOCAL_ACCOUNT_ID,
      time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.region,
      resources: entry.Resources ?? [],
      detail,
    };
    const recorded = { bus, event, receivedAt: new Date().toISOString() };
    if (this.held) this.held.push(recorded);
    else this.deliver(recorded);
    return { EventId: event.id };
  }

  private deliver(recorded: RecordedEvent): void {
    for (const listener of this.listeners) listener(recorded);
  }
}

/** EventBusName may be a name or an ARN. */
function busNameOf(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;
}
