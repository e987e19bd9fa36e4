/**
 * A lean client for DynamoDB's JSON protocol (`application/x-amz-json-1.0`, one POST per operation).
 *
 * The local engine issues thousands of calls per second; the AWS SDK spends most of its per-call time in
 * its middleware stack and SigV4 signing, which DynamoDB Local does not verify. So this client sends a
 * fixed, well-formed signature and keeps a pool of keep-alive sockets, and does nothing else per call.
 * It is also the benchmark's baseline, so it adds no caching or batching of its own.
 */
import http from 'node:http';
import { DynamoDbError } from './errors.js';

export interface DynamoDbClientOptions {
  /** e.g. `http://127.0.0.1:8000` */
  endpoint: string;
  /** goes into the credential scope; DynamoDB Local keys its database on it unless started with -sharedDb */
  region?: string;
  /** concurrent sockets to the server; beyond that requests queue in the agent */
  maxSockets?: number;
  /** attempts for throttling, 5xx and stale keep-alive sockets (1 = no retry) */
  maxAttempts?: number;
  /** per-attempt socket inactivity limit */
  timeoutMs?: number;
  /** the JSON protocol's target prefix: DynamoDB Local serves DynamoDB Streams (`DynamoDBStreams_20120810`) on the same endpoint */
  targetPrefix?: string;
}

const RETRYABLE_NAMES = new Set(['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded']);
// A pooled keep-alive socket the server closed while idle fails on first use, before the server saw the
// request; that (and only that) transport failure is safe to retry, whatever the operation.
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);

export class DynamoDbClient {
  readonly endpoint: string;
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;
  private readonly authorization: string;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly targetPrefix: string;

  constructor(options: DynamoDbClientOptions) {
    const url = new URL(options.endpoint);
    if (url.protocol !== 'http:') throw new Error(`DynamoDbClient speaks plain HTTP only, got endpoint ${options.endpoint}`);
    this.endpoint = options.endpoint;
    this.host = url.hostname;
    this.port = Number(url.port || 80);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
    this.maxAttempts = options.maxAttempts ?? 3;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.targetPrefix = options.targetPrefix ?? 'DynamoDB_20120810';
    // DynamoDB Local parses (but never verifies) the SigV4 header: it needs the algorithm, a credential scope
    // with an alphanumeric access key and region, SignedHeaders and a 64-hex signature.
    const region = options.region ?? 'us-east-1';
    this.authorization =
      `AWS4-HMAC-SHA256 Credential=local/20200101/${region}/dynamodb/aws4_request, ` +
      `SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${'0'.repeat(64)}`;
  }

  async call<T>(operation: string, input: object): Promise<T> {
    const body = Buffer.from(JSON.stringify(input));
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.send(operation, body)) as T;
      } catch (error) {
        if (attempt >= this.maxAttempts || !isRetryable(error)) throw toDynamoDbError(error, operation, this.endpoint);
        // small exponential backoff with jitter: 10–20 ms, 20–40 ms, ...
        const delay = 10 * 2 ** (attempt - 1) * (1 + Math.random());
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** Closes the pooled sockets. Calls after this still work but open new connections. */
  close(): void {
    this.agent.destroy();
  }

  private send(operation: string, body: Buffer): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: this.host,
          port: this.port,
          method: 'POST',
          path: '/',
          agent: this.agent,
          headers: {
            'Content-Type': 'application/x-amz-json-1.0',
            'Content-Length': body.length,
            'X-Amz-Target': `${this.targetPrefix}.${operation}`,
            'X-Amz-Date': '20200101T000000Z',
            Authorization: this.authorization,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const statusCode = response.statusCode ?? 0;
            const requestId = String(response.headers['x-amzn-requestid'] ?? '');
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: Record<string, unknown>;
            try {
              parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
            } catch {
              reject(
                new DynamoDbError(
                  'SerializationException',
                  `Unparseable ${operation} response (HTTP ${statusCode}): ${text.slice(0, 200)}`,
                  statusCode,
                  requestId,
                ),
              );
              return;
            }
            if (statusCode === 200) resolve(parsed);
            else reject(errorFromBody(parsed, statusCode, requestId));
          });
        },
      );
      request.setTimeout(this.timeoutMs, () =>
        request.destroy(Object.assign(new Error(`${operation} timed out after ${this.timeoutMs} ms`), { code: 'ETIMEDOUT' })),
      );
      request.on('error', (error: NodeJS.ErrnoException) =>
        reject(Object.assign(error, { staleSocket: request.reusedSocket && STALE_SOCKET_CODES.has(error.code ?? '') })),
      );
      request.end(body);
    });
  }
}

function errorFromBody(body: Record<string, unknown>, statusCode: number, requestId: string): DynamoDbError {
  const type = typeof body.__type === 'string' ? body.__type : 'UnknownError';
  const name = type.slice(type.lastIndexOf('#') + 1);
  // DynamoDB sends `message`, DynamoDB Local sends `Message`
  const message = String(body.message ?? body.Message ?? name);
  return new DynamoDbError(name, message, statusCode, requestId, body);
}

function isRetryable(error: unknown): boolean {
  if (error instanceof DynamoDbError) return error.statusCode >= 500 || RETRYABLE_NAMES.has(error.name);
  return (error as { staleSocket?: boolean }).staleSocket === true;
}

function toDynamoDbError(error: unknown, operation: string, endpoint: string): DynamoDbError {
  if (error instanceof DynamoDbError) return error;
  const cause = error as NodeJS.ErrnoException;
  return new DynamoDbError('NetworkingError', `${operation} to ${endpoint} failed: ${cause.code ?? ''} ${cause.message}`.trim(), 0, '');
}
