/** Where a rule (or a pipe) sends its input: one per declared target ARN. */
export interface DeliveryTarget {
  arn: string;
  /** Delivers the payload text once. Throws TargetFailure when the target did not take it. */
  deliver(payloadText: string): Promise<void>;
}

/** A failed delivery, with the error code EventBridge reports in the DLQ message's ERROR_CODE attribute. */
export class TargetFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** false for failures another attempt cannot fix (e.g. a 400 from an API destination) */
    readonly retryable = true,
  ) {
    super(message);
    this.name = 'TargetFailure';
  }
}
