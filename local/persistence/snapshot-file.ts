import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** How long changes are gathered before one write: bursts of events cost one write, not one per event. */
const COALESCE_MS = 100;

/**
 * One JSON document of local state (events, queue contents, stream positions) kept under the data folder so it
 * survives a restart. Writes are coalesced and atomic (write then rename), so a crash never leaves half a file.
 * With no data folder the state lives in memory only and nothing is written.
 */
export class SnapshotFile<T> {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly file: string | null,
    private readonly snapshot: () => T,
  ) {}

  load(): T | null {
    if (!this.file || !existsSync(this.file)) return null;
    return JSON.parse(readFileSync(this.file, 'utf8')) as T;
  }

  /** Call after every change; the write happens shortly after. */
  changed(): void {
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => this.flush(), COALESCE_MS);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.snapshot()));
    renameSync(temporary, this.file);
  }
}
