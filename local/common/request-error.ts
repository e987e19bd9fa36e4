/** A request-level failure: the whole request is refused with this HTTP status and no `data`. */
export class RequestError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }

  toBody(): { errors: Array<{ errorType: string; message: string }> } {
    return { errors: [{ errorType: this.errorType, message: this.message }] };
  }
}
