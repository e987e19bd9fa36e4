import type { RetryPolicyModel } from '../assembly/event-fabric-model.js';
import type { ScaledTime } from '../clock/scaled-time.js';
import type { DeliveryRecord } from './event-log.js';
import { TargetFailure, type DeliveryTarget } from './targets/index.js';

/** EventBridge backs off exponentially with jitter; the first retry comes after about a second, later ones at most minutes apart. */
const FIRST_RETRY_MS = 1000;
const MAX_BACKOFF_MS = 180_000;

export type DeliveryOutcome =
  | { delivered: true }
  | { delivered: false; error: TargetFailure; exhaustedCondition: 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds' | 'NonRetryable' }
  | { delivered: false; interrupted: true };

/**
 * Delivers one payload to one target under a retry policy: retries with exponential backoff and jitter until
 * MaximumRetryAttempts retries were made or the next attempt would come after MaximumEventAgeInSeconds. The
 * record is updated after every attempt. Stopping the engine interrupts the wait and leaves the record in
 * progress, so the delivery resumes after a restart.
 */
export async function deliverWithRetries(options: {
  target: DeliveryTarget;
  payloadText: string;
  policy: RetryPolicyModel;
  /** when EventBridge received the event (wall-clock ms): the event's age counts from there */
  receivedAt: number;
  record: DeliveryRecord;
  changed: () => void;
  time: ScaledTime;
  signal: AbortSignal;
}): Promise<DeliveryOutcome> {
  const { target, record, policy, time, signal } = options;
  for (;;) {
    if (signal.aborted) return { delivered: false, interrupted: true };
    record.attempts += 1;
    const started = Date.now();
    const attempt = { startedAt: new Date(started).toISOString(), ms: 0, error: null as string | null };
    (record.attemptLog ??= []).push(attempt);
    try {
      await target.deliver(options.payloadText);
      attempt.ms = Date.now() - started;
      return { delivered: true };
    } catch (caught) {
      const error = caught instanceof TargetFailure ? caught : new TargetFailure('InternalError', (caught as Error).message);
      attempt.ms = Date.now() - started;
      attempt.error = error.code;
      record.lastError = { code: error.code, message: error.message };
      record.updatedAt = new Date().toISOString();
      options.changed();
      if (!error.retryable) return { delivered: false, error, exhaustedCondition: 'NonRetryable' };
      const retriesMade = record.attempts - 1;
      if (retriesMade >= policy.maximumRetryAttempts) return { delivered: false, error, exhaustedCondition: 'MaximumRetryAttempts' };
      const backoffMs = Math.min(FIRST_RETRY_MS * 2 ** retriesMade, MAX_BACKOFF_MS) * (0.5 + Math.random() / 2);
      const ageAtNextAttempt = Date.now() + time.ms(backoffMs) - options.receivedAt;
      if (ageAtNextAttempt > time.ms(policy.maximumEventAgeSeconds * 1000))
        return { delivered: false, error, exhaustedCondition: 'MaximumEventAgeInSeconds' };
      await time.sleep(backoffMs, signal);
    }
  }
}
