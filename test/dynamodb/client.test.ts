/**
 * The wire contract of the lean client, against a stand-in HTTP server (DynamoDB Local itself is exercised
 * by every other test in this folder): request shape, error parsing, what is retried, socket reuse.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDbClient } from '../../local/dynamodb/client.js';
import { DynamoDbError } from '../../local/dynamodb/errors.js';

interface Reply {
  status: number;
  body: unknown;
}

let server: http.Server | undefined;
let client: DynamoDbClient | undefined;

afterEach(async () => {
  client?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** Serves the replies in order (the last one repeats) and records what was received. */
async function standIn(replies: Reply[]) {
  const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  let connections = 0;
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      const reply = replies[Math.min(received.length - 1, replies.length - 1)];
      response.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `req-${received.length}` });
      response.end(JSON.stringify(reply.body));
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  client = new DynamoDbClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'eu-west-1' });
  return { client, received, connections: () => connections };
}

describe('DynamoDbClient', () => {
  it('POSTs the JSON protocol with a well-formed (fake) SigV4 header', async () => {
    const { client, received } = await standIn([{ status: 200, body: { TableNames: ['loyalty-rewards'] } }]);
    expect(await client.call('ListTables', { Limit: 5 })).toEqual({ TableNames: ['loyalty-rewards'] });
    const [{ headers, body }] = received;
    expect(headers['x-amz-target']).toBe('DynamoDB_20120810.ListTables');
    expect(headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=[a-z;-]+, Signature=[0-9a-f]{64}$/,
    );
    expect(JSON.parse(body)).toEqual({ Limit: 5 });
  });

  it('turns an error answer into a DynamoDbError with the body fields kept', async () => {
    const item = { id: { S: 'reward-1' } };
    const { client } = await standIn([
      {
        status: 400,
        body: {
          __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
          message: 'The conditional request failed',
          Item: item,
        },
      },
    ]);
    const failure = await client.call('PutItem', {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DynamoDbError);
    expect(failure).toMatchObject({
      name: 'ConditionalCheckFailedException',
      message: 'The conditional request failed',
      statusCode: 400,
      requestId: 'req-1',
      item,
    });
  });

  it('retries throttling and 5xx answers, but not client errors', async () => {
    const throttled = await standIn([
      { status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate exceeded' } },
      { status: 500, body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'oops' } },
      { status: 200, body: {} },
    ]);
    expect(await throttled.client.call('GetItem', {})).toEqual({});
    expect(throttled.received).toHaveLength(3);
    client?.close();
    await new Promise((resolve) => server!.close(resolve));

    const invalid = await standIn([
      { status: 400, body: { __type: 'com.amazon.coral.validate#ValidationException', Message: 'Type mismatch for key' } },
    ]);
    await expect(invalid.client.call('GetItem', {})).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Type mismatch for key',
    });
    expect(invalid.received).toHaveLength(1);
  });

  it('reuses keep-alive sockets across calls', async () => {
    const { client, connections } = await standIn([{ status: 200, body: {} }]);
    for (let call = 0; call < 20; call++) await client.call('GetItem', {});
    await Promise.all(Array.from({ length: 10 }, () => client.call('GetItem', {})));
    expect(connections()).toBeLessThanOrEqual(10);
  });

  it('reports an unreachable endpoint as a NetworkingError', async () => {
    const unreachable = new DynamoDbClient({ endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
    await expect(unreachable.call('ListTables', {})).rejects.toMatchObject({
      name: 'NetworkingError',
      statusCode: 0,
      message: expect.stringContaining('ECONNREFUSED'),
    });
    unreachable.close();
  });
});
