/**
 * The event fabric's notion of elapsed time. Every delay the fabric waits on by design (retry backoff, maximum
 * event age, visibility timeouts, batching windows, rate schedules) goes through here, so tests can run hours of
 * EventBridge behaviour in seconds by setting the engine's `eventTimeScale` explicitly, and nothing else is ever
 * sped up silently. Scale 1 is real time.
 */
export class ScaledTime {
  constructor(readonly scale = 1) {
    if (!(scale > 0)) throw new Error(`eventTimeScale must be a positive number, got ${scale}`);
  }

  /** Wall-clock milliseconds that stand for `ms` of AWS time. */
  ms(ms: number): number {
    return ms * this.scale;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, this.ms(ms));
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
