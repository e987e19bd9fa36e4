import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { SnapshotFile } from '../persistence/snapshot-file.js';

/** One email SES accepted, as the engine keeps it (the "sent mail" LocalStack shows too). */
export interface SentEmail {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text: string | null;
  html: string | null;
  tags: Record<string, string>;
  sentAt: string;
}

const LIMIT = 1000;

/** The emails the engine's SES accepted, newest last; kept in `<dataDir>/emails.json` across restarts. */
export class Mailbox {
  private emails: SentEmail[];
  private readonly file: SnapshotFile<SentEmail[]>;

  constructor(dataDir: string | null) {
    this.file = new SnapshotFile(dataDir && path.join(dataDir, 'emails.json'), () => this.emails);
    this.emails = this.file.load() ?? [];
  }

  add(email: Omit<SentEmail, 'messageId' | 'sentAt'>): SentEmail {
    const sent: SentEmail = { ...email, messageId: `local-${randomUUID()}`, sentAt: new Date().toISOString() };
    this.emails.push(sent);
    if (this.emails.length > LIMIT) this.emails.splice(0, this.emails.length - LIMIT);
    this.file.changed();
    return sent;
  }

  list(): readonly SentEmail[] {
    return this.emails;
  }

  flush(): void {
    this.file.flush();
  }
}
