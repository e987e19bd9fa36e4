import * as path from 'node:path';
import { SnapshotFile } from '../persistence/snapshot-file.js';
import type { RecordedEvent } from './fabric.js';

export type DeliveryStatus = 'in-progress' | 'delivered' | 'dead-lettered' | 'dropped';

export interface AttemptRecord {
  startedAt: string;
  ms: number;
  error: string | null;
}

/** What one target of one matched rule did with an event. */
export interface DeliveryRecord {
  rule: string;
  ruleArn: string;
  targetId: string;
  targetArn: string;
  status: DeliveryStatus;
  attempts: number;
  /** each attempt: when it started, how long it took, and its error code (null = delivered) */
  attemptLog?: AttemptRecord[];
  lastError: { code: string; message: string } | null;
  /** the DLQ the event went to, when it did */
  deadLetterQueue: string | null;
  updatedAt: string;
}

export interface LoggedEvent extends RecordedEvent {
  matchedRules: string[];
  deliveries: DeliveryRecord[];
}

const LIMIT = 1000;

/**
 * The recent events of every bus with the rules they matched and what each target did: the "see" half of
 * see-and-repair. Kept in `<dataDir>/events.json` so a restart neither forgets them nor loses deliveries that
 * were still being retried (those resume).
 */
export class EventLog {
  private entries: LoggedEvent[];
  private readonly file: SnapshotFile<LoggedEvent[]>;

  constructor(dataDir: string | null) {
    this.file = new SnapshotFile(dataDir && path.join(dataDir, 'events.json'), () => this.entries);
    this.entries = this.file.load() ?? [];
  }

  add(recorded: RecordedEvent, matchedRules: string[]): LoggedEvent {
    const entry: LoggedEvent = { ...recorded, matchedRules, deliveries: [] };
    this.entries.push(entry);
    if (this.entries.length > LIMIT) this.entries.splice(0, this.entries.length - LIMIT);
    this.changed();
    return entry;
  }

  find(eventId: string): LoggedEvent | undefined {
    return this.entries.findLast((entry) => entry.event.id === eventId);
  }

  list(): readonly LoggedEvent[] {
    return this.entries;
  }

  changed(): void {
    this.file.changed();
  }

  flush(): void {
    this.file.flush();
  }
}
