import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../local/dynamodb/launcher.js';
import { startEngine } from '../local/engine.js';
import { synthesize } from '../local/synth.js';

const root = path.resolve(import.meta.dirname, '..');

export interface EngineUnderTest {
  url: string;
  apiKey: string;
  /** the local Cognito user pool, when the stack has one: Amplify's userPoolEndpoint and client id */
  userPool: { endpoint: string; clientId: string; id: string } | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    app: EngineUnderTest;
    fixture: EngineUnderTest;
    dynamoDbEndpoint: string;
  }
}

/**
 * Starts what every integration test talks to, once per run: the product API and the engine's fixture API,
 * each synthesized by the CDK CLI and served by the local engine from its cloud assembly, over one in-memory
 * DynamoDB Local. Tests reach them over HTTP only, as clients would.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [appAssembly, fixtureAssembly] = await Promise.all([
    synthesize({ outDir: path.join(root, 'test/.out/app.cdk.out') }),
    synthesize({ app: 'node --import tsx test/fixtures/engine-stack/app.ts', outDir: path.join(root, 'test/.out/engine-stack.cdk.out') }),
  ]);
  const dynamoDb = await startDynamoDbLocal({ dataDir: null });
  const engines = await Promise.all(
    [appAssembly, fixtureAssembly].map((assemblyDir) => startEngine({ assemblyDir, dataDir: null, port: 0, dynamoDbEndpoint: dynamoDb.endpoint })),
  );
  const [app, fixture] = engines.map((engine): EngineUnderTest => {
    const pool = engine.stack.userPools[0];
    return {
      url: engine.url,
      apiKey: engine.apiKeys[0].value,
      userPool: pool ? { id: pool.id, clientId: pool.clientIds[0], endpoint: engine.url.replace('/graphql', `/local-cognito/${pool.id}`) } : null,
    };
  });
  project.provide('app', app);
  project.provide('fixture', fixture);
  project.provide('dynamoDbEndpoint', dynamoDb.endpoint);
  return async () => {
    await Promise.all(engines.map((engine) => engine.stop()));
    await dynamoDb.stop();
  };
}
