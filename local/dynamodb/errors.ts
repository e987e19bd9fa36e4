/**
 * Errors of the local DynamoDB capability: the JVM that hosts DynamoDB Local, the wire client and table
 * provisioning. Each names what went wrong and what to do about it, because these surface at start-up.
 */

/** `java` is missing or older than DynamoDB Local needs. */
export class JavaRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JavaRuntimeError';
  }
}

/** DynamoDB Local did not come up (port taken, JVM crashed, timed out). */
export class DynamoDbLocalStartError extends Error {
  constructor(
    message: string,
    /** the last lines the JVM wrote, already part of `message` */
    readonly jvmOutputTail: string,
  ) {
    super(jvmOutputTail ? `${message}\n--- DynamoDB Local output (tail) ---\n${jvmOutputTail}` : message);
    this.name = 'DynamoDbLocalStartError';
  }
}

/**
 * An error answer from DynamoDB (or a transport failure after retries). `name` is the short exception name
 * from `__type` (e.g. `ConditionalCheckFailedException`); the other body fields (`Item`,
 * `CancellationReasons`) are kept as DynamoDB sent them.
 */
export class DynamoDbError extends Error {
  readonly statusCode: number;
  readonly requestId: string;
  readonly body: Record<string, unknown>;

  constructor(name: string, message: string, statusCode: number, requestId: string, body: Record<string, unknown> = {}) {
    super(message);
    this.name = name;
    this.statusCode = statusCode;
    this.requestId = requestId;
    this.body = body;
  }

  get item(): Record<string, unknown> | undefined {
    return this.body.Item as Record<string, unknown> | undefined;
  }

  get cancellationReasons(): Array<{ Code?: string; Message?: string; Item?: Record<string, unknown> }> | undefined {
    return this.body.CancellationReasons as Array<{ Code?: string; Message?: string; Item?: Record<string, unknown> }> | undefined;
  }
}

/** A CloudFormation table resource this provisioning cannot turn into a table. */
export class TableSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableSpecError';
  }
}

/** An existing (persisted) table no longer matches the template in a way that cannot be fixed in place. */
export class TableSchemaMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableSchemaMismatchError';
  }
}
