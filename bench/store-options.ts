/**
 * DynamoDB Local's options for the persisted store, measured against each other in one run: the conditional
 * PutItem of bench/run.ts (c) at 50 concurrent clients with the engine's lean client, BENCH_SECONDS per run,
 * median of 3, a fresh JVM and data folder per configuration. Run alone: `node --import tsx bench/store-options.ts`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoDbClient } from '../local/dynamodb/client.js';
import { startDynamoDbLocal } from '../local/dynamodb/launcher.js';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const RUNS = 3;

const CONFIGURATIONS: Array<{ label: string; persisted: boolean; extraArgs: string[] }> = [
  { label: 'in memory (-inMemory)', persisted: false, extraArgs: [] },
  { label: 'persisted (-dbPath), as the engine runs it', persisted: true, extraArgs: [] },
  { label: 'persisted + -delayTransientStatuses', persisted: true, extraArgs: ['-delayTransientStatuses'] },
  { label: 'persisted + -optimizeDbBeforeStartup', persisted: true, extraArgs: ['-optimizeDbBeforeStartup'] },
];

async function putsPerSecond(client: DynamoDbClient, tableName: string): Promise<number> {
  let done = 0;
  const deadline = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < deadline) {
        await client.call('PutItem', {
          TableName: tableName,
          Item: { pk: { S: `direct-${randomUUID()}` }, sk: { S: 'b' }, version: { N: '1' }, nonce: { S: randomUUID() } },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': 'pk' },
        });
        done += 1;
      }
    }),
  );
  return done / SECONDS;
}

export async function benchStoreOptions(): Promise<string[]> {
  const lines = ['', `DynamoDB Local options: conditional PutItem, ${CONNECTIONS} clients, ${SECONDS} s per run, median of ${RUNS}`];
  let reference: number | null = null;
  for (const configuration of CONFIGURATIONS) {
    const dataDir = configuration.persisted ? mkdtempSync(path.join(tmpdir(), 'bench-store-')) : null;
    const dynamoDb = await startDynamoDbLocal({ dataDir, extraArgs: configuration.extraArgs });
    const client = new DynamoDbClient({ endpoint: dynamoDb.endpoint, region: 'us-east-1' });
    try {
      const tableName = `StoreOptions-${randomUUID().slice(0, 8)}`;
      await client.call('CreateTable', {
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
      });
      await putsPerSecond(client, tableName); // the JVM's warm-up
      const rates: number[] = [];
      for (let run = 0; run < RUNS; run++) rates.push(await putsPerSecond(client, tableName));
      const median = rates.sort((x, y) => x - y)[Math.floor(RUNS / 2)];
      reference ??= median;
      lines.push(
        `${configuration.label.padEnd(50)}${median.toFixed(0).padStart(8)} puts/s   ${(median / reference).toFixed(2)}x in memory`,
      );
    } finally {
      client.close();
      await dynamoDb.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  for (const line of await benchStoreOptions()) console.log(line);
  process.exit(0);
}
