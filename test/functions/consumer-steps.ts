/** What the consumer tests share: local AWS settings, their own tables, fake EventBridge and HTTP targets, events. */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, type KeySchemaElement } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { Context, SQSEvent } from 'aws-lambda';
import { inject } from 'vitest';
import { envelopeOf, GIFT_CODE_REDEEMED, type DomainEvent, type EventType, type GiftCodeRedeemedData } from '../../schema/events.js';

/**
 * Points the AWS SDK at the run's DynamoDB Local with dummy credentials, names the function (Powertools' key
 * prefix) and silences the logs. Call before importing a handler: handlers read their environment on load.
 */
export function useLocalAws(functionName: string, environment: Record<string, string>): void {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    ...environment,
  });
}

export function aTableName(purpose: string): string {
  return `consumers-${purpose}-${randomUUID().slice(0, 8)}`;
}

/** Creates a table keyed on `pk`/`sk` (or the given partition key alone), e.g. `idempotency` on `id`. */
export async function aTable(name: string, keys: { partition: string; sort?: string } = { partition: 'pk', sort: 'sk' }): Promise<string> {
  const schema: KeySchemaElement[] = [{ AttributeName: keys.partition, KeyType: 'HASH' }];
  if (keys.sort) schema.push({ AttributeName: keys.sort, KeyType: 'RANGE' });
  await theDynamoDb().send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: schema,
      AttributeDefinitions: schema.map((key) => ({ AttributeName: key.AttributeName, AttributeType: 'S' })),
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return name;
}

let documents: DynamoDBDocumentClient | undefined;
/** A document client on the run's DynamoDB Local (after `useLocalAws`). */
export function theDynamoDb(): DynamoDBDocumentClient {
  documents ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  return documents;
}

// ---- fake HTTP targets

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP answer; status `HANG` never answers, `DROP` closes the connection without one. */
export type Answer = { status: number; body?: string };
export const HANG = 0;
export const DROP = -1;
type Answering = (request: ReceivedRequest) => Answer;

export interface RecordingServer {
  url: string;
  requests: ReceivedRequest[];
  /** how the next requests are answered */
  answer(answer: Answer | Answering): void;
  close(): Promise<void>;
}

/** A local HTTP server that records every request and answers as it is told to (200 `{}` by default). */
export async function aRecordingServer(answering: Answering = () => ({ status: 200 })): Promise<RecordingServer> {
  const requests: ReceivedRequest[] = [];
  let answerWith = answering;
  const receive = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const received = { method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
    requests.push(received);
    const { status, body } = answerWith(received);
    if (status === HANG) return;
    if (status === DROP) return void request.socket.destroy();
    response.writeHead(status, { 'content-type': 'application/json' }).end(body ?? '{}');
  };
  const server = createServer((request, response) => {
    // a request its client abandoned mid-body was never sent: it is dropped, not an unhandled rejection in the test run
    receive(request, response).catch(() => request.socket.destroy());
  });
  const url = await listen(server);
  return {
    url,
    requests,
    answer: (answer) => (answerWith = typeof answer === 'function' ? answer : () => answer),
    close: () => closeServer(server),
  };
}

export interface FakeEventBridge {
  url: string;
  /** the entries of every PutEvents call, in order */
  entries: PutEventsRequestEntry[];
  /** the next `count` PutEvents calls answer with every entry refused */
  refuseNext(count: number): void;
  close(): Promise<void>;
}

/** Speaks enough of EventBridge's JSON 1.1 protocol (`x-amz-target: AWSEvents.PutEvents`) to record publishes. */
export async function aFakeEventBridge(): Promise<FakeEventBridge> {
  const entries: PutEventsRequestEntry[] = [];
  let refusals = 0;
  const recorder = await aRecordingServer((request) => {
    if (request.headers['x-amz-target'] !== 'AWSEvents.PutEvents')
      return { status: 400, body: JSON.stringify({ __type: 'UnknownOperationException' }) };
    const { Entries } = JSON.parse(request.body) as { Entries: PutEventsRequestEntry[] };
    if (refusals > 0) {
      refusals -= 1;
      return {
        status: 200,
        body: JSON.stringify({
          FailedEntryCount: Entries.length,
          Entries: Entries.map(() => ({ ErrorCode: 'InternalFailure', ErrorMessage: 'refused on purpose' })),
        }),
      };
    }
    entries.push(...Entries);
    return { status: 200, body: JSON.stringify({ FailedEntryCount: 0, Entries: Entries.map(() => ({ EventId: randomUUID() })) }) };
  });
  return { url: recorder.url, entries, refuseNext: (count) => (refusals = count), close: () => recorder.close() };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

// ---- events and invocations

/** A `gift_code_redeemed` event as the redeem pipeline publishes it (a POINTS code of 500 unless told otherwise). */
export function aGiftCodeRedeemedEvent(data: Partial<GiftCodeRedeemedData> = {}): DomainEvent<GiftCodeRedeemedData> {
  const redemptionId = data.redemptionId ?? randomUUID();
  return aDomainEvent<GiftCodeRedeemedData>(GIFT_CODE_REDEEMED, redemptionId, {
    redemptionId,
    requestId: randomUUID(),
    customerId: `customer-${randomUUID()}`,
    codeId: randomUUID(),
    batchId: randomUUID(),
    issuerId: 'loyalty',
    last4: 'ABCD',
    value: { kind: 'POINTS', amount: 500, currency: null },
    redeemedAt: '2026-03-01T10:00:00.000Z',
    ...data,
  });
}

/** The type of an event outside the catalog (one a consumer must cope with), its domain and service from its source. */
export function anEventType(source: string, name: string): EventType {
  const [domain, service] = source.split('.');
  return { name, source, domain, service };
}

/** An EventBridge event in the project's envelope (`envelopeOf`), as a rule delivers it to a consumer. */
export function aDomainEvent<Data>(type: EventType, eventId: string, data: Data): DomainEvent<Data> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': type.name,
    source: type.source,
    account: '000000000000',
    time: '2026-03-01T10:00:01Z',
    region: 'us-east-1',
    resources: [],
    detail: envelopeOf({ type, eventId, correlationId: `trace-${randomUUID()}`, data }),
  };
}

/** A batch of messages as an SQS event source mapping delivers them: each body one EventBridge event. */
export function anSqsBatch(bodies: Array<DomainEvent<unknown> | string>): SQSEvent {
  return {
    Records: bodies.map((body) => ({
      messageId: randomUUID(),
      receiptHandle: randomUUID(),
      body: typeof body === 'string' ? body : JSON.stringify(body),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'events.amazonaws.com',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:consumer-queue',
      awsRegion: 'us-east-1',
    })),
  };
}

/** A Lambda context; `remainingMillis` answers getRemainingTimeInMillis. */
export function aLambdaContext(functionName: string, remainingMillis = () => 30_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: remainingMillis,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Calls `invoke` until it stops throwing, as the platform retries a failed invocation. */
export async function retriedUntilItSucceeds<T>(invoke: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await invoke();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}
