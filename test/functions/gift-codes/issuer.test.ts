/**
 * The issuer Lambda against the shared in-memory DynamoDB Local, in a table of its own: what it writes, what it
 * answers, and that no plaintext code ever reaches the table.
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, paginateScan, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import * as codesModule from '../../../functions/gift-codes/codes.js';
import { codeDigest, formatCode, generateCode, normalizeCode } from '../../../functions/gift-codes/codes.js';
import type { ImportRequest, ImportResult, IssueRequest, IssueResult } from '../../../functions/gift-codes/issuer.js';

const tableName = `gift-codes-issuer-${randomUUID()}`;
const endpoint = inject('dynamoDbEndpoint');
const region = 'us-east-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region, credentials }));

let issuer: (event: IssueRequest | ImportRequest) => Promise<IssueResult | ImportResult>;
const issue = (request: Omit<IssueRequest, 'action'>) => issuer({ action: 'issue', ...request }) as Promise<IssueResult>;
const importCodes = (request: Omit<ImportRequest, 'action'>) => issuer({ action: 'import', ...request }) as Promise<ImportResult>;

const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString();
const points = { kind: 'POINTS', amount: 500, currency: null } as const;
const terms = () => ({ issuerId: 'acme', value: points, expiresAt: inAYear(), createdBy: 'admin-sub' });

beforeAll(async () => {
  await documents.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  // the handler reads its table and builds its client when loaded: the environment first, then the import
  Object.assign(process.env, {
    GIFT_CODES_TABLE: tableName,
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    // the refusals below are expected: their error logs would only be noise here
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  ({ handler: issuer } = await import('../../../functions/gift-codes/issuer.js'));
});

afterAll(async () => {
  await documents.send(new DeleteTableCommand({ TableName: tableName }));
});

async function allItems(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client: documents }, { TableName: tableName })) items.push(...(page.Items ?? []));
  return items;
}

const codeItem = async (normalized: string) =>
  (await documents.send(new GetCommand({ TableName: tableName, Key: { pk: `CODE#${codeDigest(normalized)}`, sk: 'CODE' } }))).Item;
const batchItem = async (id: string) =>
  (await documents.send(new GetCommand({ TableName: tableName, Key: { pk: `BATCH#${id}`, sk: 'BATCH' } }))).Item;

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, nested]) => [key, ...stringsIn(nested)]);
  return [];
}

/** Every place in the table where one of `codes` (normalized or formatted, any case) appears as a substring. */
function plaintextOccurrences(items: Record<string, unknown>[], codes: string[]): string[] {
  const wanted = new Set(codes.flatMap((code) => [code, formatCode(code)]));
  const lengths = [...new Set([...wanted].map((code) => code.length))];
  const found: string[] = [];
  for (const text of items.flatMap(stringsIn)) {
    const upper = text.toUpperCase();
    for (const length of lengths) {
      for (let start = 0; start + length <= upper.length; start++) if (wanted.has(upper.slice(start, start + length))) found.push(text);
    }
  }
  return found;
}

describe('issue', () => {
  it('issues 10,000 codes within AppSync’s 30 s, each stored only as a digest, the batch after them', { timeout: 120_000 }, async () => {
    const request = terms();
    const started = performance.now();
    const result = await issue({ ...request, count: 10_000 });
    const seconds = (performance.now() - started) / 1000;
    console.log(`issued 10,000 gift codes in ${seconds.toFixed(2)} s`);
    expect(seconds).toBeLessThan(30);

    expect(result.batch).toEqual({
      id: expect.any(String),
      issuerId: 'acme',
      origin: 'ISSUED',
      count: 10_000,
      value: points,
      expiresAt: request.expiresAt,
      createdAt: expect.any(String),
    });
    expect(result.codes).toHaveLength(10_000);
    const normalized = result.codes.map(({ code }) => normalizeCode(code));
    expect(new Set(normalized).size).toBe(10_000);
    expect(new Set(result.codes.map(({ id }) => id)).size).toBe(10_000);
    for (const { code, last4 } of result.codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      expect(last4).toBe(code.slice(-4));
    }

    const [first] = result.codes;
    expect(await codeItem(normalizeCode(first.code))).toEqual({
      pk: `CODE#${codeDigest(normalizeCode(first.code))}`,
      sk: 'CODE',
      type: 'GiftCode',
      id: first.id,
      batchId: result.batch.id,
      issuerId: 'acme',
      last4: first.last4,
      value: { kind: 'POINTS', amount: 500, currency: 'NONE' },
      expiresAt: request.expiresAt,
      expiresAtEpoch: Math.floor(Date.parse(request.expiresAt) / 1000),
      status: 'ACTIVE',
      createdAt: result.batch.createdAt,
      createdBy: 'admin-sub',
    });
    expect(await batchItem(result.batch.id)).toEqual({
      pk: `BATCH#${result.batch.id}`,
      sk: 'BATCH',
      type: 'GiftCodeBatch',
      ...result.batch,
      value: { kind: 'POINTS', amount: 500, currency: 'NONE' },
      createdBy: 'admin-sub',
    });

    const items = await allItems();
    expect(items.filter((item) => item.batchId === result.batch.id)).toHaveLength(10_000);
    expect(plaintextOccurrences(items, normalized)).toEqual([]);
  });

  it('keeps a DISCOUNT’s currency, and stores expiry in one form with its epoch seconds', async () => {
    const value = { kind: 'DISCOUNT', amount: 1500, currency: 'EUR' } as const;
    const result = await issue({ ...terms(), value, count: 2, expiresAt: '2099-06-30T23:59:59+02:00' });
    expect(result.batch).toMatchObject({ value, expiresAt: '2099-06-30T21:59:59.000Z' });
    expect(await codeItem(normalizeCode(result.codes[1].code))).toMatchObject({
      value,
      expiresAt: '2099-06-30T21:59:59.000Z',
      expiresAtEpoch: 4086539999,
    });
  });

  it.each([
    ['a count of 0', { count: 0 }, /count/],
    ['a count over 10,000', { count: 10_001 }, /count/],
    ['a fractional count', { count: 1.5 }, /count/],
    ['an amount of 0', { value: { kind: 'POINTS', amount: 0, currency: null } }, /amount/],
    ['a fractional amount', { value: { kind: 'POINTS', amount: 2.5, currency: null } }, /amount/],
    ['a DISCOUNT without currency', { value: { kind: 'DISCOUNT', amount: 10, currency: null } }, /currency/],
    ['POINTS with a currency', { value: { kind: 'POINTS', amount: 10, currency: 'EUR' } }, /currency/],
    ['an unknown kind', { value: { kind: 'CASH', amount: 10, currency: null } }, /kind/],
    ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00Z' }, /future/],
    ['an expiry that is not ISO 8601', { expiresAt: 'next tuesday' }, /ISO 8601/],
    ['no issuer', { issuerId: '' }, /issuerId/],
  ])('refuses %s', async (_case, override, message) => {
    await expect(issue({ ...terms(), count: 1, ...override } as never)).rejects.toThrow(message);
  });

  it('replaces a generated code that already exists, and leaves the existing item alone', async () => {
    const taken = generateCode();
    await documents.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: `CODE#${codeDigest(taken)}`, sk: 'CODE', type: 'GiftCode', issuerId: 'someone-else' },
      }),
    );
    let generated = 0;
    vi.resetModules();
    vi.doMock('../../../functions/gift-codes/codes.js', async (importOriginal) => {
      const codes = await importOriginal<typeof codesModule>();
      return { ...codes, generateCode: () => (generated++ === 0 ? taken : codes.generateCode()) };
    });
    try {
      const { handler } = await import('../../../functions/gift-codes/issuer.js');
      const result = (await handler({ action: 'issue', ...terms(), count: 3 })) as IssueResult;
      expect(generated).toBe(4);
      expect(result.codes).toHaveLength(3);
      expect(result.codes.map(({ code }) => normalizeCode(code))).not.toContain(taken);
      for (const { code } of result.codes) expect(await codeItem(normalizeCode(code))).toMatchObject({ batchId: result.batch.id });
      expect(await codeItem(taken)).toEqual({ pk: `CODE#${codeDigest(taken)}`, sk: 'CODE', type: 'GiftCode', issuerId: 'someone-else' });
    } finally {
      vi.doUnmock('../../../functions/gift-codes/codes.js');
    }
  });

  it('refuses an unknown action', async () => {
    await expect(issuer({ action: 'void' } as never)).rejects.toThrow(/Unsupported action/);
  });
});

describe('import', () => {
  it('registers the valid codes and reports every other one, by index, with its last4 and reason', async () => {
    const issued = (await issue({ ...terms(), count: 1 })).codes[0].code;
    const registered = generateCode();
    await importCodes({ ...terms(), codes: [registered] });
    const fresh = ['PARTNER-CODE-0001-WXYZ', `acme-${randomUUID()}`, generateCode()];
    const codes = [
      fresh[0],
      'ab', // 0 TOO_SHORT, under 4 characters
      'SHORT-CODE-1234', // TOO_SHORT
      fresh[1],
      'ACME_CODE_0000_0001', // INVALID_CHARACTERS
      'partner code 0001 wxyz', // the first code again, typed differently
      'Z'.repeat(65), // TOO_LONG
      formatCode(registered).toLowerCase(), // imported before
      issued, // issued before
      fresh[2],
    ];
    const request = terms();
    const result = await importCodes({ ...request, codes });

    expect(result.imported).toBe(3);
    expect(result.rejected).toEqual([
      { index: 1, last4: null, reason: 'TOO_SHORT' },
      { index: 2, last4: '1234', reason: 'TOO_SHORT' },
      { index: 4, last4: '0001', reason: 'INVALID_CHARACTERS' },
      { index: 5, last4: 'WXYZ', reason: 'DUPLICATE_IN_REQUEST' },
      { index: 6, last4: 'ZZZZ', reason: 'TOO_LONG' },
      { index: 7, last4: registered.slice(-4), reason: 'DUPLICATE' },
      { index: 8, last4: issued.slice(-4), reason: 'DUPLICATE' },
    ]);
    expect(result.batch).toEqual({
      id: expect.any(String),
      issuerId: 'acme',
      origin: 'IMPORTED',
      count: 3,
      value: points,
      expiresAt: request.expiresAt,
      createdAt: expect.any(String),
    });
    expect(await batchItem(result.batch.id)).toMatchObject({
      type: 'GiftCodeBatch',
      origin: 'IMPORTED',
      count: 3,
      value: { currency: 'NONE' },
    });

    for (const code of fresh) {
      expect(await codeItem(normalizeCode(code))).toMatchObject({
        type: 'GiftCode',
        batchId: result.batch.id,
        status: 'ACTIVE',
        last4: normalizeCode(code).slice(-4),
      });
    }
    // a rejected duplicate leaves the code where it was
    expect(await codeItem(registered)).not.toMatchObject({ batchId: result.batch.id });

    const items = await allItems();
    expect(plaintextOccurrences(items, [...fresh, registered, issued].map(normalizeCode))).toEqual([]);
  });

  it('writes a batch of 0 codes when every code is rejected', async () => {
    const result = await importCodes({ ...terms(), codes: ['nope'] });
    expect(result).toMatchObject({
      imported: 0,
      batch: { origin: 'IMPORTED', count: 0 },
      rejected: [{ index: 0, last4: 'N0PE', reason: 'TOO_SHORT' }],
    });
  });

  it('reports a code another issuer registered as a DUPLICATE', async () => {
    const code = generateCode();
    await documents.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: `CODE#${codeDigest(code)}`, sk: 'CODE', type: 'GiftCode', issuerId: 'someone-else' },
      }),
    );
    const result = await importCodes({ ...terms(), codes: [code] });
    expect(result).toMatchObject({ imported: 0, rejected: [{ index: 0, reason: 'DUPLICATE' }] });
    expect(await codeItem(code)).toMatchObject({ issuerId: 'someone-else' });
  });

  it.each([
    ['no codes', { codes: [] }, /codes/],
    ['over 10,000 codes', { codes: Array.from({ length: 10_001 }, generateCode) }, /codes/],
    ['codes that are not strings', { codes: [42] }, /string/],
    ['an expiry in the past', { codes: [generateCode()], expiresAt: new Date(Date.now() - 1000).toISOString() }, /future/],
  ])('refuses %s', async (_case, override, message) => {
    await expect(importCodes({ ...terms(), ...override } as never)).rejects.toThrow(message);
  });
});
