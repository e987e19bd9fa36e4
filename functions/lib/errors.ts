/**
 * Every error the consumers throw on purpose. Each one fails the invocation (or the SQS record), so the platform
 * retries it and, once the retries are spent, keeps it in a dead-letter queue.
 */

/** PutEvents answered, but refused some entries: retrying is safe, the events' ids are derived from the origin's. */
export class EventPublishError extends Error {
  override readonly name = 'EventPublishError';

  constructor(readonly failures: Array<{ errorCode?: string; errorMessage?: string }>) {
    super(
      `EventBridge refused ${failures.length} event(s): ${failures.map((failure) => `${failure.errorCode}: ${failure.errorMessage}`).join('; ')}`,
    );
  }
}

/** An HTTP target (the CRM, a partner) answered with a non-2xx status, or not at all in time. */
export class DeliveryFailedError extends Error {
  override readonly name = 'DeliveryFailedError';

  constructor(
    readonly target: string,
    readonly status: number | undefined,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${target}: ${status === undefined ? detail : `HTTP ${status} ${detail}`}`.trim(), options);
  }
}

/** A message or event that does not have the shape of its contract: retrying cannot fix it, its DLQ keeps it. */
export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}

/** A partner whose webhook cannot be called as configured (unknown format, no signing secret). */
export class PartnerWebhookMisconfiguredError extends Error {
  override readonly name = 'PartnerWebhookMisconfiguredError';
}
