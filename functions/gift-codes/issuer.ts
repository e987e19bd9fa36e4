import { DynamoDBClient, type TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../lib/env.js';
import { instrumentedHandler, observability } from '../lib/observability.js';
import type { GiftCodeValue } from '../../schema/gift-code-value.js';
import { chunksOf, mapWithLimit } from '../lib/bounded-concurrency.js';
import { batchTerms, codeItem, storedValue, type BatchRequest, type BatchTerms } from './batch-terms.js';
import { checkImportedCode, formatCode, generateCode, last4, type ImportRejection } from './codes.js';

const MAX_CODES_PER_BATCH = 10_000;
/**
 * Codes are written 100 to a transaction (DynamoDB's maximum), each put still conditional. Against DynamoDB Local,
 * 10,000 single PutItems took 19 to 37 s even 32 at a time, past AppSync's 30 s; 100 transactions take 4 s (12 s
 * on a cold JVM). A transactional write costs twice the capacity of a PutItem: cents per 10,000 codes.
 */
const CODES_PER_TRANSACTION = 100;
/** DynamoDB Local runs transactions one at a time; DynamoDB itself gains from a few in flight. */
const TRANSACTIONS_IN_FLIGHT = 8;
/** An 80-bit code colliding twice in a row does not happen; the bound only keeps a bug from looping forever. */
const ATTEMPTS_PER_GENERATED_CHUNK = 3;

const table = requiredEnv('GIFT_CODES_TABLE');
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const instruments = observability('gift-codes-issuer');
const { logger } = instruments;

export interface IssueRequest extends BatchRequest {
  action: 'issue';
  count: number;
}

export interface ImportRequest extends BatchRequest {
  action: 'import';
  codes: string[];
}

export interface GiftCodeBatch {
  id: string;
  issuerId: string;
  origin: 'ISSUED' | 'IMPORTED';
  count: number;
  value: GiftCodeValue;
  expiresAt: string;
  createdAt: string;
}

export interface IssueResult {
  batch: GiftCodeBatch;
  /** the only time the plaintext codes leave the service */
  codes: { id: string; code: string; last4: string }[];
}

export type ImportRejectionReason = ImportRejection | 'DUPLICATE_IN_REQUEST' | 'DUPLICATE';

export interface ImportResult {
  batch: GiftCodeBatch;
  imported: number;
  /** by index in the request; last4 is null for input under 4 characters */
  rejected: { index: number; last4: string | null; reason: ImportRejectionReason }[];
}

/**
 * Issues (generates) or imports a batch of gift codes for AppSync, whose `Invoke` payload is the event. Only
 * digests reach the table; the resolver validates the input too, the checks here are defence in depth.
 */
export const handler = instrumentedHandler(
  instruments,
  async (event: IssueRequest | ImportRequest): Promise<IssueResult | ImportResult> => {
    const started = Date.now();
    try {
      if (event?.action === 'issue') {
        const result = await issueBatch(event);
        logger.info('gift codes issued', {
          batchId: result.batch.id,
          issuerId: result.batch.issuerId,
          count: result.batch.count,
          ms: Date.now() - started,
        });
        return result;
      }
      if (event?.action === 'import') {
        const result = await importBatch(event);
        logger.info('gift codes imported', {
          batchId: result.batch.id,
          issuerId: result.batch.issuerId,
          imported: result.imported,
          rejected: result.rejected.length,
          ms: Date.now() - started,
        });
        return result;
      }
      throw new Error(`Unsupported action: ${String((event as { action?: unknown })?.action)}`);
    } catch (error) {
      logger.error('gift code batch failed', error as Error);
      throw error;
    }
  },
);

async function issueBatch(request: IssueRequest): Promise<IssueResult> {
  const { count } = request;
  if (!Number.isInteger(count) || count < 1 || count > MAX_CODES_PER_BATCH)
    throw new Error(`count must be a whole number from 1 to ${MAX_CODES_PER_BATCH}`);
  const terms = batchTerms(request);
  const chunks = chunksOf(Array.from({ length: count }, generateCode), CODES_PER_TRANSACTION);
  const codes = (await mapWithLimit(chunks, TRANSACTIONS_IN_FLIGHT, (chunk) => issueChunk(chunk, terms))).flat();
  return { batch: await putBatch(terms, 'ISSUED', count), codes };
}

/** Uniqueness is the conditional write: a generated code that already exists is replaced by a new one. */
async function issueChunk(generated: string[], terms: BatchTerms): Promise<IssueResult['codes']> {
  let codes = generated;
  for (let attempt = 1; attempt <= ATTEMPTS_PER_GENERATED_CHUNK; attempt++) {
    const items = codes.map((code) => codeItem(code, terms));
    const existing = await putAllIfNew(items);
    if (!existing.size) return items.map((item, position) => ({ id: item.id, code: formatCode(codes[position]), last4: item.last4 }));
    codes = codes.map((code, position) => (existing.has(position) ? generateCode() : code));
  }
  throw new Error(`generated codes already existed in ${ATTEMPTS_PER_GENERATED_CHUNK} attempts in a row`);
}

async function importBatch(request: ImportRequest): Promise<ImportResult> {
  const { codes } = request;
  if (!Array.isArray(codes) || codes.length < 1 || codes.length > MAX_CODES_PER_BATCH)
    throw new Error(`codes must hold 1 to ${MAX_CODES_PER_BATCH} codes`);
  if (!codes.every((code) => typeof code === 'string')) throw new Error('every code must be a string');
  const terms = batchTerms(request);
  const { accepted, rejected } = screenImportedCodes(codes);
  const registered = (
    await mapWithLimit(chunksOf(accepted, CODES_PER_TRANSACTION), TRANSACTIONS_IN_FLIGHT, (chunk) => importChunk(chunk, terms))
  ).flat();
  for (const { index, normalized } of registered) rejected.push({ index, last4: last4(normalized), reason: 'DUPLICATE' });
  rejected.sort((a, b) => a.index - b.index);
  const imported = accepted.length - registered.length;
  return { batch: await putBatch(terms, 'IMPORTED', imported), imported, rejected };
}

/** Writes the chunk's new codes; returns the ones already registered, which it leaves as they are. */
async function importChunk(chunk: ScreenedCode[], terms: BatchTerms): Promise<ScreenedCode[]> {
  const registered: ScreenedCode[] = [];
  let pending = chunk;
  // every round either writes all that is pending or sets aside at least one code: it ends
  while (pending.length) {
    const existing = await putAllIfNew(pending.map(({ normalized }) => codeItem(normalized, terms)));
    if (!existing.size) break;
    registered.push(...pending.filter((_, position) => existing.has(position)));
    pending = pending.filter((_, position) => !existing.has(position));
  }
  return registered;
}

/** An imported code that passed the request's own checks, with its index in the request. */
interface ScreenedCode {
  index: number;
  normalized: string;
}

/** The request's own verdicts: malformed codes, and every repeat of a code after its first occurrence. */
function screenImportedCodes(codes: string[]) {
  const accepted: ScreenedCode[] = [];
  const rejected: ImportResult['rejected'] = [];
  const seen = new Set<string>();
  codes.forEach((raw, index) => {
    const check = checkImportedCode(raw);
    if (!check.ok) rejected.push({ index, last4: check.normalized.length < 4 ? null : last4(check.normalized), reason: check.reason });
    else if (seen.has(check.normalized)) rejected.push({ index, last4: last4(check.normalized), reason: 'DUPLICATE_IN_REQUEST' });
    else {
      seen.add(check.normalized);
      accepted.push({ index, normalized: check.normalized });
    }
  });
  return { accepted, rejected };
}

/**
 * Written after its codes, so a batch item exists only for a batch that completed (an import's count is only
 * known then).
 */
async function putBatch(terms: BatchTerms, origin: GiftCodeBatch['origin'], count: number): Promise<GiftCodeBatch> {
  const batch: GiftCodeBatch = {
    id: terms.batchId,
    issuerId: terms.issuerId,
    origin,
    count,
    value: terms.value,
    expiresAt: terms.expiresAt,
    createdAt: terms.createdAt,
  };
  await documents.send(
    new PutCommand({
      TableName: table,
      Item: {
        pk: `BATCH#${batch.id}`,
        sk: 'BATCH',
        type: 'GiftCodeBatch',
        ...batch,
        value: storedValue(batch.value),
        createdBy: terms.createdBy,
      },
    }),
  );
  return batch;
}

/**
 * Puts every item in one transaction, each only if no item has its key yet. All or nothing: when some keys exist,
 * nothing is written and their positions are returned, for the caller to write the rest again.
 */
async function putAllIfNew(items: { pk: string }[]): Promise<Set<number>> {
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: items.map((Item) => ({ Put: { TableName: table, Item, ConditionExpression: 'attribute_not_exists(pk)' } })),
      }),
    );
    return new Set();
  } catch (error) {
    const reasons = (error as TransactionCanceledException).CancellationReasons?.map(({ Code }) => Code) ?? [];
    // only existing keys are the caller's to handle: anything else (a conflicting write, throttling) fails the batch
    if (!reasons.includes('ConditionalCheckFailed') || reasons.some((reason) => reason !== 'ConditionalCheckFailed' && reason !== 'None'))
      throw error;
    return new Set(reasons.flatMap((reason, position) => (reason === 'ConditionalCheckFailed' ? [position] : [])));
  }
}
