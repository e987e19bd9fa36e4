/**
 * Provisions local tables from the synthesized CloudFormation template, so the local engine runs against
 * the same keys and indexes that get deployed. Handles `AWS::DynamoDB::Table` and
 * `AWS::DynamoDB::GlobalTable` (what CDK's TableV2 renders).
 *
 * Capacity, encryption, PITR, table class, tags and replicas have no local meaning and are ignored: every
 * local table is on-demand. Keys, indexes, streams and TTL shape behaviour and are reproduced.
 */
import type {
  AttributeDefinition,
  CreateTableInput,
  DescribeTimeToLiveOutput,
  GlobalSecondaryIndex,
  KeySchemaElement,
  LocalSecondaryIndex,
  Projection,
  StreamViewType,
  TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDbClient } from './client.js';
import { DynamoDbError, TableSchemaMismatchError, TableSpecError } from './errors.js';

export interface TableSpec {
  /** the resource's logical id, for messages */
  logicalId: string;
  tableName: string;
  keySchema: KeySchemaElement[];
  attributeDefinitions: AttributeDefinition[];
  globalSecondaryIndexes: GlobalSecondaryIndex[];
  localSecondaryIndexes: LocalSecondaryIndex[];
  stream: StreamViewType | null;
  timeToLiveAttribute: string | null;
}

export interface CloudFormationResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

export type TableProvisioningAction = 'created' | 'kept' | 'updated';

export function tableSpecFromTemplate(logicalId: string, resource: CloudFormationResource, tableName: string): TableSpec {
  if (resource.Type !== 'AWS::DynamoDB::Table' && resource.Type !== 'AWS::DynamoDB::GlobalTable') {
    throw new TableSpecError(`Resource ${logicalId} is a ${resource.Type}, not an AWS::DynamoDB::Table or AWS::DynamoDB::GlobalTable`);
  }
  const properties = resource.Properties ?? {};
  const where = (property: string) => `${logicalId}.Properties.${property}`;
  const keySchema = keySchemaOf(properties.KeySchema, where('KeySchema'));
  const attributeDefinitions = listOf(properties.AttributeDefinitions, where('AttributeDefinitions')).map((definition, index) => {
    const at = `${where('AttributeDefinitions')}[${index}]`;
    return {
      AttributeName: stringOf(definition.AttributeName, `${at}.AttributeName`),
      AttributeType: stringOf(definition.AttributeType, `${at}.AttributeType`),
    } as AttributeDefinition;
  });
  const indexes = (property: string) =>
    listOf(properties[property] ?? [], where(property)).map((index, position) => {
      const at = `${where(property)}[${position}]`;
      // throughput settings (ProvisionedThroughput, Write*Settings) are dropped: local tables are on-demand
      return {
        IndexName: stringOf(index.IndexName, `${at}.IndexName`),
        KeySchema: keySchemaOf(index.KeySchema, `${at}.KeySchema`),
        Projection: projectionOf(index.Projection, `${at}.Projection`),
      };
    });
  // Table: StreamSpecification.StreamViewType; GlobalTable: the same, top level (replicas only carry policies)
  const streamSpecification = properties.StreamSpecification as { StreamViewType?: unknown } | undefined;
  const ttl = properties.TimeToLiveSpecification as { AttributeName?: unknown; Enabled?: unknown } | undefined;
  return {
    logicalId,
    tableName,
    keySchema,
    attributeDefinitions,
    globalSecondaryIndexes: indexes('GlobalSecondaryIndexes'),
    localSecondaryIndexes: indexes('LocalSecondaryIndexes'),
    stream: streamSpecification?.StreamViewType
      ? (stringOf(streamSpecification.StreamViewType, where('StreamSpecification.StreamViewType')) as StreamViewType)
      : null,
    timeToLiveAttribute:
      ttl && ttl.Enabled !== false && ttl.Enabled !== 'false'
        ? stringOf(ttl.AttributeName, where('TimeToLiveSpecification.AttributeName'))
        : null,
  };
}

/**
 * Creates the tables that are missing and brings existing ones (a persisted data folder) in line with the
 * specs where DynamoDB allows it in place: GSIs, stream and TTL. A changed key schema or LSI would need the
 * table to be recreated, which would drop its data, so that is reported instead of done.
 */
export async function ensureTables(
  client: DynamoDbClient,
  specs: TableSpec[],
): Promise<Array<{ tableName: string; action: TableProvisioningAction }>> {
  // every table at once: on a JVM that just started, the first calls are slow and the tables do not depend on each other
  return Promise.all(
    specs.map(async (spec): Promise<{ tableName: string; action: TableProvisioningAction }> => {
      const existing = await describeTable(client, spec.tableName);
      if (!existing) {
        await createTable(client, spec);
        return { tableName: spec.tableName, action: 'created' };
      }
      assertCompatible(spec, existing);
      const indexesChanged = await reconcileIndexes(client, spec, existing);
      const streamChanged = await reconcileStream(client, spec, existing);
      const ttlChanged = await reconcileTimeToLive(client, spec);
      return { tableName: spec.tableName, action: indexesChanged || streamChanged || ttlChanged ? 'updated' : 'kept' };
    }),
  );
}

async function createTable(client: DynamoDbClient, spec: TableSpec): Promise<void> {
  const input: CreateTableInput = {
    TableName: spec.tableName,
    KeySchema: spec.keySchema,
    AttributeDefinitions: spec.attributeDefinitions,
    BillingMode: 'PAY_PER_REQUEST',
    ...(spec.globalSecondaryIndexes.length ? { GlobalSecondaryIndexes: spec.globalSecondaryIndexes } : {}),
    ...(spec.localSecondaryIndexes.length ? { LocalSecondaryIndexes: spec.localSecondaryIndexes } : {}),
    ...(spec.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream } } : {}),
  };
  await client.call('CreateTable', input);
  await waitUntilActive(client, spec.tableName);
  await reconcileTimeToLive(client, spec);
}

function assertCompatible(spec: TableSpec, existing: TableDescription): void {
  const problems: string[] = [];
  const declared = describeKeys(spec.keySchema, spec.attributeDefinitions);
  const actual = describeKeys(existing.KeySchema ?? [], existing.AttributeDefinitions ?? []);
  if (declared !== actual) problems.push(`its key schema is ${actual} but the template declares ${declared}`);
  const declaredLsis = spec.localSecondaryIndexes
    .map((index) => `${index.IndexName}: ${describeKeys(index.KeySchema ?? [], spec.attributeDefinitions)}`)
    .sort()
    .join('; ');
  const actualLsis = (existing.LocalSecondaryIndexes ?? [])
    .map((index) => `${index.IndexName}: ${describeKeys(index.KeySchema ?? [], existing.AttributeDefinitions ?? [])}`)
    .sort()
    .join('; ');
  if (declaredLsis !== actualLsis)
    problems.push(`its local secondary indexes are [${actualLsis}] but the template declares [${declaredLsis}]`);
  for (const index of spec.globalSecondaryIndexes) {
    const current = existing.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === index.IndexName);
    if (!current) continue;
    const declaredIndex = describeKeys(index.KeySchema ?? [], spec.attributeDefinitions);
    const actualIndex = describeKeys(current.KeySchema ?? [], existing.AttributeDefinitions ?? []);
    if (declaredIndex !== actualIndex)
      problems.push(`its global secondary index ${index.IndexName} has keys ${actualIndex} but the template declares ${declaredIndex}`);
  }
  if (problems.length) {
    throw new TableSchemaMismatchError(
      `Table ${spec.tableName} (${spec.logicalId}) already exists in the local data folder, but ${problems.join(', and ')}. ` +
        'DynamoDB cannot change this in place and recreating the table would drop its data, so it was left as it is: ' +
        'delete the table (or the local data folder) to have it created from the template.',
    );
  }
}

/** Adds declared GSIs that are missing and removes GSIs the template no longer has (base data is untouched). */
async function reconcileIndexes(client: DynamoDbClient, spec: TableSpec, existing: TableDescription): Promise<boolean> {
  let changed = false;
  const declaredNames = new Set(spec.globalSecondaryIndexes.map((index) => index.IndexName));
  const existingNames = new Set((existing.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  // DynamoDB allows one index change per UpdateTable call
  for (const index of spec.globalSecondaryIndexes.filter((candidate) => !existingNames.has(candidate.IndexName))) {
    await client.call('UpdateTable', {
      TableName: spec.tableName,
      AttributeDefinitions: spec.attributeDefinitions,
      GlobalSecondaryIndexUpdates: [{ Create: index }],
    });
    await waitUntilActive(client, spec.tableName);
    changed = true;
  }
  for (const name of [...existingNames].filter((candidate) => !declaredNames.has(candidate))) {
    await client.call('UpdateTable', { TableName: spec.tableName, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: name } }] });
    await waitUntilActive(client, spec.tableName);
    changed = true;
  }
  return changed;
}

async function reconcileStream(client: DynamoDbClient, spec: TableSpec, existing: TableDescription): Promise<boolean> {
  const current = existing.StreamSpecification?.StreamEnabled ? (existing.StreamSpecification.StreamViewType ?? null) : null;
  if (current === spec.stream) return false;
  // a view type cannot be changed directly: disable, then enable with the new one
  if (current) await client.call('UpdateTable', { TableName: spec.tableName, StreamSpecification: { StreamEnabled: false } });
  if (spec.stream)
    await client.call('UpdateTable', {
      TableName: spec.tableName,
      StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream },
    });
  await waitUntilActive(client, spec.tableName);
  return true;
}

async function reconcileTimeToLive(client: DynamoDbClient, spec: TableSpec): Promise<boolean> {
  const { TimeToLiveDescription: ttl } = await client.call<DescribeTimeToLiveOutput>('DescribeTimeToLive', { TableName: spec.tableName });
  const enabled = ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING';
  const current = enabled ? (ttl?.AttributeName ?? null) : null;
  if (current === spec.timeToLiveAttribute) return false;
  if (current)
    await client.call('UpdateTimeToLive', {
      TableName: spec.tableName,
      TimeToLiveSpecification: { AttributeName: current, Enabled: false },
    });
  if (spec.timeToLiveAttribute) {
    await client.call('UpdateTimeToLive', {
      TableName: spec.tableName,
      TimeToLiveSpecification: { AttributeName: spec.timeToLiveAttribute, Enabled: true },
    });
  }
  return true;
}

async function describeTable(client: DynamoDbClient, tableName: string): Promise<TableDescription | null> {
  try {
    return (await client.call<{ Table: TableDescription }>('DescribeTable', { TableName: tableName })).Table;
  } catch (error) {
    if (error instanceof DynamoDbError && error.name === 'ResourceNotFoundException') return null;
    throw error;
  }
}

async function waitUntilActive(client: DynamoDbClient, tableName: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const table = await describeTable(client, tableName);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline)
      throw new Error(`Table ${tableName} did not become ACTIVE within ${timeoutMs} ms (status ${table?.TableStatus ?? 'missing'})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** e.g. `pk (S, HASH), sk (N, RANGE)`: comparable and readable in messages */
function describeKeys(keySchema: KeySchemaElement[], definitions: AttributeDefinition[]): string {
  return keySchema
    .map(
      (key) =>
        `${key.AttributeName} (${definitions.find((definition) => definition.AttributeName === key.AttributeName)?.AttributeType ?? '?'}, ${key.KeyType})`,
    )
    .join(', ');
}

function keySchemaOf(value: unknown, where: string): KeySchemaElement[] {
  return listOf(value, where).map((element, index) => ({
    AttributeName: stringOf(element.AttributeName, `${where}[${index}].AttributeName`),
    KeyType: stringOf(element.KeyType, `${where}[${index}].KeyType`) as KeySchemaElement['KeyType'],
  }));
}

function projectionOf(value: unknown, where: string): Projection {
  const projection = (value ?? {}) as Record<string, unknown>;
  const type = projection.ProjectionType === undefined ? 'ALL' : stringOf(projection.ProjectionType, `${where}.ProjectionType`);
  const nonKeyAttributes =
    projection.NonKeyAttributes === undefined ? undefined : listOf(projection.NonKeyAttributes, `${where}.NonKeyAttributes`);
  return {
    ProjectionType: type as Projection['ProjectionType'],
    ...(nonKeyAttributes
      ? { NonKeyAttributes: nonKeyAttributes.map((name, index) => stringOf(name, `${where}.NonKeyAttributes[${index}]`)) }
      : {}),
  };
}

function listOf(value: unknown, where: string): Array<Record<string, unknown>> {
  if (!Array.isArray(value)) throw new TableSpecError(`${where} must be a list, got ${JSON.stringify(value)}`);
  return value as Array<Record<string, unknown>>;
}

/** Values must be literal: an unresolved intrinsic ({ Ref }, { Fn::... }) has no meaning locally. */
function stringOf(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new TableSpecError(`${where} must be a literal string, got ${JSON.stringify(value)}`);
  return value;
}
