import { readFileSync } from 'node:fs';
import type { DescribeTimeToLiveOutput, TableDescription } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TableSchemaMismatchError, TableSpecError } from '../../local/dynamodb/errors.js';
import { ensureTables, tableSpecFromTemplate, type CloudFormationResource } from '../../local/dynamodb/tables.js';
import { startInMemoryDynamoDb, type LocalDynamoDb } from './support.js';

/**
 * The DynamoDB resources aws-cdk-lib 2.276.0 synthesizes for:
 * - Members: TableV2 { pk/sk, timeToLiveAttribute 'expiresAt', dynamoStream NEW_AND_OLD_IMAGES,
 *   GSIs byEmail (email, createdAt N) and keysOnly (gsi2, INCLUDE a,b), LSI byPoints (points N) }
 * - Prov: TableV2 { id B, provisioned billing (fixed read 5, autoscaled write) }
 * - Legacy: Table { id, stream KEYS_ONLY, timeToLiveAttribute 'ttl', PAY_PER_REQUEST }
 */
const template = JSON.parse(readFileSync(new URL('./fixtures/cdk-tables.template.json', import.meta.url), 'utf8')) as {
  Resources: Record<string, CloudFormationResource>;
};
const members = template.Resources.MembersFEE56442;
const provisioned = template.Resources.ProvCC58BB6F;
const legacy = template.Resources.LegacyFA07BB5D;

let local: LocalDynamoDb;

beforeAll(async () => {
  local = await startInMemoryDynamoDb();
});

afterAll(async () => {
  await local?.stop();
});

const describeTable = async (tableName: string) =>
  (await local.client.call<{ Table: TableDescription }>('DescribeTable', { TableName: tableName })).Table;
const describeTtl = async (tableName: string) =>
  (await local.client.call<DescribeTimeToLiveOutput>('DescribeTimeToLive', { TableName: tableName })).TimeToLiveDescription;

describe('tableSpecFromTemplate', () => {
  it('reads a TableV2 (AWS::DynamoDB::GlobalTable): keys, indexes, top-level stream and TTL', () => {
    const spec = tableSpecFromTemplate('MembersFEE56442', members, 'loyalty-members');
    expect(spec).toMatchObject({
      tableName: 'loyalty-members',
      keySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      stream: 'NEW_AND_OLD_IMAGES',
      timeToLiveAttribute: 'expiresAt',
    });
    expect(spec.globalSecondaryIndexes.map((index) => [index.IndexName, index.Projection])).toEqual([
      ['byEmail', { ProjectionType: 'ALL' }],
      ['keysOnly', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['a', 'b'] }],
    ]);
    expect(spec.localSecondaryIndexes.map((index) => index.IndexName)).toEqual(['byPoints']);
  });

  it('reads a provisioned TableV2 and a classic AWS::DynamoDB::Table', () => {
    expect(tableSpecFromTemplate('ProvCC58BB6F', provisioned, 'loyalty-prov')).toMatchObject({
      attributeDefinitions: [{ AttributeName: 'id', AttributeType: 'B' }],
      stream: null,
      timeToLiveAttribute: null,
    });
    expect(tableSpecFromTemplate('LegacyFA07BB5D', legacy, 'loyalty-legacy')).toMatchObject({
      stream: 'KEYS_ONLY',
      timeToLiveAttribute: 'ttl',
    });
  });

  it('refuses other resource types and unresolved intrinsics, naming the property', () => {
    expect(() => tableSpecFromTemplate('Bus', { Type: 'AWS::Events::EventBus' }, 'x')).toThrow(TableSpecError);
    const withRef = structuredClone(legacy);
    (withRef.Properties!.KeySchema as Array<Record<string, unknown>>)[0].AttributeName = { Ref: 'KeyName' };
    expect(() => tableSpecFromTemplate('LegacyFA07BB5D', withRef, 'x')).toThrow(
      'LegacyFA07BB5D.Properties.KeySchema[0].AttributeName must be a literal string, got {"Ref":"KeyName"}',
    );
  });
});

describe('ensureTables', () => {
  const specs = () => [
    tableSpecFromTemplate('MembersFEE56442', members, 'loyalty-members'),
    tableSpecFromTemplate('LegacyFA07BB5D', legacy, 'loyalty-legacy'),
  ];

  it('creates the tables with their indexes, stream and TTL', async () => {
    expect(await ensureTables(local.client, specs())).toEqual([
      { tableName: 'loyalty-members', action: 'created' },
      { tableName: 'loyalty-legacy', action: 'created' },
    ]);
    const table = await describeTable('loyalty-members');
    expect(table.TableStatus).toBe('ACTIVE');
    expect(table.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(['byEmail', 'keysOnly']);
    expect(table.LocalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['byPoints']);
    expect(table.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(table.LatestStreamArn).toEqual(expect.any(String));
    expect(await describeTtl('loyalty-members')).toEqual({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
    expect(await describeTtl('loyalty-legacy')).toEqual({ AttributeName: 'ttl', TimeToLiveStatus: 'ENABLED' });
  });

  it('keeps existing tables and their data on a second run', async () => {
    await local.client.call('PutItem', {
      TableName: 'loyalty-members',
      Item: { pk: { S: 'MEMBER#1' }, sk: { S: 'PROFILE' }, email: { S: 'ana@example.com' } },
    });
    expect(await ensureTables(local.client, specs())).toEqual([
      { tableName: 'loyalty-members', action: 'kept' },
      { tableName: 'loyalty-legacy', action: 'kept' },
    ]);
    const item = await local.client.call<{ Item?: unknown }>('GetItem', {
      TableName: 'loyalty-members',
      Key: { pk: { S: 'MEMBER#1' }, sk: { S: 'PROFILE' } },
    });
    expect(item.Item).toBeDefined();
  });

  it('adds an index, changes the stream and TTL of an existing table in place', async () => {
    const changed = tableSpecFromTemplate('LegacyFA07BB5D', legacy, 'loyalty-legacy');
    changed.attributeDefinitions.push({ AttributeName: 'tier', AttributeType: 'S' });
    changed.globalSecondaryIndexes.push({
      IndexName: 'byTier',
      KeySchema: [{ AttributeName: 'tier', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    });
    changed.stream = 'NEW_IMAGE';
    changed.timeToLiveAttribute = 'expiresAt';
    expect(await ensureTables(local.client, [changed])).toEqual([{ tableName: 'loyalty-legacy', action: 'updated' }]);
    const table = await describeTable('loyalty-legacy');
    expect(table.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.IndexStatus])).toEqual([['byTier', 'ACTIVE']]);
    expect(table.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(await describeTtl('loyalty-legacy')).toEqual({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
  });

  it('refuses to touch a table whose key schema changed, and says why', async () => {
    const rekeyed = tableSpecFromTemplate('MembersFEE56442', members, 'loyalty-members');
    rekeyed.keySchema = [{ AttributeName: 'memberId', KeyType: 'HASH' }];
    rekeyed.attributeDefinitions.push({ AttributeName: 'memberId', AttributeType: 'S' });
    const failure = ensureTables(local.client, [rekeyed]);
    await expect(failure).rejects.toBeInstanceOf(TableSchemaMismatchError);
    await expect(failure).rejects.toThrow(
      'Table loyalty-members (MembersFEE56442) already exists in the local data folder, but its key schema is pk (S, HASH), sk (S, RANGE) but the template declares memberId (S, HASH)',
    );
    const item = await local.client.call<{ Item?: unknown }>('GetItem', {
      TableName: 'loyalty-members',
      Key: { pk: { S: 'MEMBER#1' }, sk: { S: 'PROFILE' } },
    });
    expect(item.Item).toBeDefined();
  });
});
