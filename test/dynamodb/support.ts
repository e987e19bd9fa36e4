/** One in-memory DynamoDB Local per test file, with the lean client pointed at it. */
import { execFileSync } from 'node:child_process';
import { DynamoDbClient } from '../../local/dynamodb/client.js';
import { startDynamoDbLocal } from '../../local/dynamodb/launcher.js';

export interface LocalDynamoDb {
  endpoint: string;
  client: DynamoDbClient;
  stop(): Promise<void>;
}

export async function startInMemoryDynamoDb(): Promise<LocalDynamoDb> {
  const server = await startDynamoDbLocal({ dataDir: null });
  const client = new DynamoDbClient({ endpoint: server.endpoint });
  return {
    endpoint: server.endpoint,
    client,
    async stop() {
      client.close();
      await server.stop();
    },
  };
}

/** Command lines of running DynamoDB Local JVMs (to prove none is left behind). */
export function dynamoDbLocalProcesses(): string[] {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('DynamoDBLocal.jar') && line.startsWith('java'));
}
