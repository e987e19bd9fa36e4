/**
 * Errors raised by the event-pattern engine. Each carries the AWS error code so API layers can return it
 * as-is (`__type` / `Code`), and the message is exactly AWS's first line (without Jackson's location suffix).
 */
export abstract class EventBridgeError extends Error {
  abstract readonly code: string;
}

/** The pattern was rejected, as TestEventPattern / PutRule reject it. */
export class InvalidEventPatternError extends EventBridgeError {
  readonly code = 'InvalidEventPatternException';

  constructor(reason: string) {
    super(`Event pattern is not valid. Reason: ${reason}`);
    this.name = 'InvalidEventPatternError';
  }
}

/** A request parameter failed validation (the event of TestEventPattern, or the pattern's length). */
export class EventBridgeValidationError extends EventBridgeError {
  readonly code = 'ValidationException';

  constructor(message: string) {
    super(message);
    this.name = 'EventBridgeValidationError';
  }
}
