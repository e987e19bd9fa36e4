/** An outage ends by itself after this long, so a test that forgets to end one cannot leave a user offline. */
const MAX_OUTAGE_MS = 60_000;

interface Outage {
  ended: Promise<void>;
  end(): void;
}

/**
 * Staged losses of one signed-in user's real-time connection (the `sub` of their token), to rehearse what an app
 * does when its WebSocket drops: while an outage lasts, that user's new handshakes wait, as they would on a network
 * that is gone, and go through when it ends. Per user, so tests sharing an engine each stage their own.
 */
export class RealtimeOutages {
  private readonly outages = new Map<string, Outage>();

  constructor(private readonly log: (line: string) => void) {}

  begin(subject: string): void {
    if (this.outages.has(subject)) return;
    let release = () => {};
    const ended = new Promise<void>((resolve) => (release = resolve));
    const timer = setTimeout(() => this.end(subject), MAX_OUTAGE_MS).unref();
    this.outages.set(subject, {
      ended,
      end: () => {
        clearTimeout(timer);
        release();
      },
    });
    this.log(`[realtime] outage for ${subject}: its connections are cut and its handshakes wait`);
  }

  /** Whether there was an outage to end. */
  end(subject: string): boolean {
    const outage = this.outages.get(subject);
    if (!outage) return false;
    this.outages.delete(subject);
    outage.end();
    this.log(`[realtime] outage for ${subject} over`);
    return true;
  }

  /** Resolves once `subject` may connect: at once unless an outage for it is on. */
  cleared(subject: string | null): Promise<void> {
    return (subject !== null && this.outages.get(subject)?.ended) || Promise.resolve();
  }

  endAll(): void {
    for (const subject of [...this.outages.keys()]) this.end(subject);
  }
}
