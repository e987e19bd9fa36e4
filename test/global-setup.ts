import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../local/dynamodb/launcher.js';
import { LOCAL_USERS } from '../local/dev/users.js';
import { startEngine } from '../local/engine.js';
import { startOutsideWorld } from '../local/dev/outside-world/server.js';
import { synthesize } from '../local/synth.js';
import { LOCAL_MANUFACTURER_SECRETS } from '../local/dev/products.js';
import { localStageContext } from '../local/dev/stage-context.js';
import { TEST_USERS } from './steps/test-users.js';

const root = path.resolve(import.meta.dirname, '..');

export interface EngineUnderTest {
  url: string;
  apiKey: string;
  /** the local Cognito user pool, when the stack has one: Amplify's userPoolEndpoint and client id */
  userPool: { endpoint: string; clientId: string; id: string; region: string; issuer: string; signingKeyFile: string | null } | null;
  /** the local developer's IAM credentials and the region requests are signed for (AWS_IAM) */
  iam: { accessKeyId: string; secretAccessKey: string; region: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    app: EngineUnderTest;
    fixture: EngineUnderTest;
    /** the event fabric's fixture engine, running AWS's delays at `timeScale` */
    fabric: { url: string; apiKey: string; timeScale: number };
    dynamoDbEndpoint: string;
    /** the stand-in for the CRM, partner webhooks and mail the product API is configured to call */
    outsideWorld: string;
    /** the product engine runs AWS's delays (retries, visibility timeouts) this much faster */
    appTimeScale: number;
  }
}

/**
 * Starts what every integration test talks to, once per run: the product API and the engine's fixture API,
 * each synthesized by the CDK CLI and served by the local engine from its cloud assembly, over one in-memory
 * DynamoDB Local. Tests reach them over HTTP only, as clients would.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // the outside world first: the CDK app takes its URLs from context, as a stage would from its configuration
  const outsideWorld = await startOutsideWorld({ port: 0 });
  const [appAssembly, fixtureAssembly, fabricAssembly] = await Promise.all([
    synthesize({
      outDir: path.join(root, 'test/.out/app.cdk.out'),
      // the outbox sweeper publishes what is 2 s overdue; its schedule (a minute) runs at the time scale below: 3 s
      context: { ...localStageContext(outsideWorld.url), outboxSweepAfterSeconds: '2' },
    }),
    synthesize({ app: 'node --import tsx test/fixtures/engine-stack/app.ts', outDir: path.join(root, 'test/.out/engine-stack.cdk.out') }),
    synthesize({
      app: 'node --import tsx test/fixtures/event-fabric-stack/app.ts',
      outDir: path.join(root, 'test/.out/event-fabric.cdk.out'),
    }),
  ]);
  const dynamoDb = await startDynamoDbLocal({ dataDir: null });
  // The product API keeps its local state (pool signing key, IAM key) in a folder, so hostile-token tests can forge
  // tokens with the pool's own key; its data stays in the shared in-memory DynamoDB Local.
  const appDataDir = mkdtempSync(path.join(tmpdir(), 'loyalty-graph-app-'));
  // a partner that is down "for a minute" exhausts its retries in about 3 s
  const appTimeScale = 0.05;
  const engines = await Promise.all([
    startEngine({
      assemblyDir: appAssembly,
      dataDir: appDataDir,
      port: 0,
      dynamoDbEndpoint: dynamoDb.endpoint,
      users: TEST_USERS,
      eventTimeScale: appTimeScale,
      secrets: LOCAL_MANUFACTURER_SECRETS,
    }),
    startEngine({ assemblyDir: fixtureAssembly, dataDir: null, port: 0, dynamoDbEndpoint: dynamoDb.endpoint, users: LOCAL_USERS }),
  ]);
  const [app, fixture] = engines.map((engine, index): EngineUnderTest => {
    const pool = engine.stack.userPools[0];
    const local = pool && engine.userPools.get(pool.id);
    return {
      url: engine.url,
      apiKey: engine.apiKeys[0].value,
      userPool:
        pool && local
          ? {
              id: pool.id,
              clientId: pool.clientIds[0],
              endpoint: engine.url.replace('/graphql', `/local-cognito/${pool.id}`),
              region: engine.stack.region,
              issuer: local.issuer,
              signingKeyFile: index === 0 ? path.join(appDataDir, 'cognito', pool.id, 'signing-key.json') : null,
            }
          : null,
      iam: {
        accessKeyId: engine.iam.developer.accessKeyId,
        secretAccessKey: engine.iam.developer.secretAccessKey,
        region: engine.stack.region,
      },
    };
  });
  // retry backoff, visibility timeouts and rate schedules 50x faster: a rate(1 minute) rule fires every 1.2 s
  const fabricTimeScale = 0.02;
  const fabric = await startEngine({
    assemblyDir: fabricAssembly,
    dataDir: null,
    port: 0,
    dynamoDbEndpoint: dynamoDb.endpoint,
    eventTimeScale: fabricTimeScale,
  });
  project.provide('fabric', { url: fabric.url, apiKey: fabric.apiKeys[0].value, timeScale: fabricTimeScale });
  project.provide('app', app);
  project.provide('fixture', fixture);
  project.provide('dynamoDbEndpoint', dynamoDb.endpoint);
  project.provide('outsideWorld', outsideWorld.url);
  project.provide('appTimeScale', appTimeScale);
  return async () => {
    await Promise.all([...engines, fabric].map((engine) => engine.stop()));
    await dynamoDb.stop();
    await outsideWorld.stop();
    rmSync(appDataDir, { recursive: true, force: true });
  };
}
