import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readCloudAssembly } from './assembly/cloud-assembly.js';
import { buildStackModel, type ApiModel, type AuthType, type StackModel } from './assembly/stack-model.js';
import type { LocalApiKey } from './auth/api-key.js';
import type { CredentialVerifier } from './auth/authenticate.js';
import type { DeclaredUser, LocalCognito } from './auth/cognito/index.js';
import type { LocalIamCredentials } from './auth/iam/index.js';
import { buildDeployment, servedStack, type Deployment, type DeploymentHost } from './deployment.js';
import { DynamoDbClient } from './dynamodb/client.js';
import { launchDynamoDbLocal, type DynamoDbLocal } from './dynamodb/launcher.js';
import type { TableProvisioningAction } from './dynamodb/tables.js';
import { EventFabric } from './events/fabric.js';
import { clientPutEvents } from './faults/client-put-events.js';
import { FaultInjector } from './faults/fault-injector.js';
import { ResolverCodeRegistry } from './graphql/resolver-code.js';
import { HttpServer, type RouteHandler } from './http/server.js';
import { mountRealtime, type RealtimeOptions } from './realtime/index.js';
import { Mailbox } from './ses/mailbox.js';
import { mountSesRoutes } from './ses/sesv2-route.js';

export interface EngineOptions {
  /** the synthesized cloud assembly (cdk.out) */
  assemblyDir: string;
  /** where DynamoDB Local, API keys and other local state persist; null = in memory */
  dataDir: string | null;
  port: number;
  host?: string;
  /** use an already running DynamoDB-compatible endpoint instead of starting DynamoDB Local */
  dynamoDbEndpoint?: string;
  /** with `dynamoDbEndpoint`: resolves once it answers (a DynamoDB Local still starting); the API is built meanwhile */
  dynamoDbReady?: Promise<unknown>;
  /** verifiers for auth modes beyond API keys (Cognito user pools, IAM) */
  verifiers?: Partial<Record<AuthType, CredentialVerifier>>;
  /** the local user pools' users, as sign-up and invitations would have made them (default: none, like a new pool) */
  users?: DeclaredUser[];
  log?: (line: string) => void;
  /** the real-time (subscriptions) endpoint's settings */
  realtime?: RealtimeOptions;
  /**
   * Multiplies every delay the event fabric waits on by design (retry backoff, event age, visibility timeouts,
   * batching windows, rate schedules). Tests set it to run them quickly; default 1, AWS's own timing.
   */
  eventTimeScale?: number;
  /**
   * What else the port serves, mounted by whoever starts the engine (the CLI's web app, GraphQL explorer and
   * console): `fallback` answers every path no engine route claims, `graphqlGet` answers GET /graphql.
   */
  site?: { fallback?: RouteHandler; graphqlGet?: RouteHandler };
  /**
   * Secrets Manager as the stack's dynamic references (`{{resolve:secretsmanager:NAME:SecretString:FIELD::}}`)
   * see it locally: secret name → SecretString. EventBridge connections read their keys from here.
   */
  secrets?: Record<string, string>;
}

export interface RunningEngine {
  url: string;
  port: number;
  /** the deployed assembly's stack and API (replaced by `swap`) */
  readonly stack: StackModel;
  readonly api: ApiModel;
  readonly apiKeys: LocalApiKey[];
  events: EventFabric;
  /** staged failures (also armed over HTTP at /_local/faults) */
  faults: FaultInjector;
  /** the local Cognito user pools, by pool id */
  userPools: Map<string, LocalCognito>;
  /** the credentials AWS_IAM requests are verified against: the developer's, and each Lambda function's */
  readonly iam: LocalIamCredentials;
  dynamoDbEndpoint: string;
  /** the resolver and function bundles the API runs, replaceable while it runs (what `npm start`'s watch mode swaps) */
  resolverCode: ResolverCodeRegistry;
  /**
   * Deploys another cloud assembly in place (what `npm start` does when the schema or infrastructure changes):
   * same port, same DynamoDB Local and data, same user pools. Throws, with the running deployment still serving,
   * when the assembly cannot be served.
   */
  swap(assemblyDir: string): Promise<SwapReport>;
  stop(): Promise<void>;
}

export interface SwapReport {
  tables: Array<{ tableName: string; action: TableProvisioningAction }>;
  resolvers: number;
  /** live subscriptions whose operation the new schema no longer validates: they got an error and ended */
  endedSubscriptions: number;
  /** how long the swap took, from reading the assembly to serving it */
  ms: number;
}

/**
 * Starts the whole local cloud from a cloud assembly: DynamoDB Local with the template's tables, the event
 * buses, the Lambda functions' bundled assets, and the AppSync API with its bundled resolvers, on one HTTP port.
 */
export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  const log = options.log ?? (() => {});
  const stack = servedStack(readCloudAssembly(options.assemblyDir).map(buildStackModel), options.assemblyDir);
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });

  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error) => log(`[engine] cleanup failed: ${String(error)}`));
  };
  try {
    let dynamoDb: DynamoDbLocal | null = null;
    let dynamoDbReady = options.dynamoDbReady ?? Promise.resolve();
    if (!options.dynamoDbEndpoint) {
      // the JVM starts while the deployment is built; only its tables wait for it
      const launched = await launchDynamoDbLocal({ dataDir: options.dataDir ? path.join(options.dataDir, 'dynamodb') : null });
      dynamoDb = launched;
      cleanups.push(() => launched.stop());
      dynamoDbReady = launched.ready.then(() =>
        log(`[engine] DynamoDB Local on ${launched.endpoint} (${options.dataDir ? 'persisted' : 'in memory'})`),
      );
    }
    const dynamoDbEndpoint = options.dynamoDbEndpoint ?? dynamoDb!.endpoint;
    const client = new DynamoDbClient({ endpoint: dynamoDbEndpoint, region: stack.region });

    // listening first, so Lambda environments can be given the engine's own AWS endpoints
    const http = new HttpServer();
    const host = options.host ?? '127.0.0.1';
    const port = await http.listen(options.port, host);
    cleanups.push(() => http.close());
    const origin = `http://${host}:${port}`;
    const fabric = new EventFabric(
      stack.eventBuses.map((bus) => bus.name),
      stack.region,
    );
    const faults = new FaultInjector(log);
    const mailbox = new Mailbox(options.dataDir);
    mountSesRoutes(http, mailbox, faults);
    cleanups.push(async () => mailbox.flush());
    let current: Deployment;
    const deploymentHost: DeploymentHost = {
      http,
      origin,
      client,
      dynamoDbEndpoint,
      dynamoDbReady,
      fabric,
      clientPutEvents: clientPutEvents(fabric, faults),
      faults,
      userPools: new Map(),
      // the deployment in service's, whichever deployment created a pool (`current` is set before anything is served)
      servingIam: {
        get developer() {
          return current.iam.developer;
        },
        get functions() {
          return current.iam.functions;
        },
        byAccessKeyId: (accessKeyId) => current.iam.byAccessKeyId(accessKeyId),
        lambdaEnvironment: (functionName) => current.iam.lambdaEnvironment(functionName),
      },
      servingPolicies: new Map(),
      tokenSecret: localSecret(options.dataDir),
      dataDir: options.dataDir,
      users: options.users ?? [],
      verifiers: options.verifiers ?? {},
      secrets: options.secrets ?? {},
      eventTimeScale: options.eventTimeScale ?? 1,
      graphqlGet: options.site?.graphqlGet,
      log,
    };

    current = await buildDeployment(deploymentHost, stack, null);
    cleanups.push(() => current.close());
    logTables(current, log);
    const resolverCode = new ResolverCodeRegistry();
    resolverCode.adopt(current.resolverCode);
    const realtime = mountRealtime(http, { ...current, options: options.realtime, log });
    cleanups.push(() => realtime.close());
    current.start(realtime);
    cleanups.push(() => current.stop());
    if (options.site?.fallback) http.fallback(options.site.fallback);
    const url = `${origin}/graphql`;
    log(`[engine] ${current.api.name}: ${current.plans.size} resolvers, ${current.api.dataSources.size} data sources, serving ${url}`);

    const deploy = async (assemblyDir: string): Promise<SwapReport> => {
      const started = performance.now();
      const next = await buildDeployment(
        deploymentHost,
        servedStack(readCloudAssembly(assemblyDir).map(buildStackModel), assemblyDir),
        current,
      );
      // events put while one router stops and the next starts are delivered to the next
      const releaseEvents = fabric.holdDelivery();
      const previous = current;
      try {
        await previous.stop();
        fabric.setBuses(next.stack.eventBuses.map((bus) => bus.name));
        try {
          next.start(realtime);
        } catch (error) {
          // the event system refused the new assembly's wiring: the previous deployment serves again
          fabric.setBuses(previous.stack.eventBuses.map((bus) => bus.name));
          previous.start(realtime);
          await next.close();
          throw error;
        }
      } finally {
        releaseEvents();
      }
      current = next;
      resolverCode.adopt(next.resolverCode);
      const endedSubscriptions = realtime.swap(next);
      logTables(next, log);
      // Lambda invocations already made (requests the old API is still answering) finish on the old environments
      previous.retire().catch((error: unknown) => log(`[engine] closing the replaced deployment's functions failed: ${String(error)}`));
      return { tables: next.tables, resolvers: next.plans.size, endedSubscriptions, ms: performance.now() - started };
    };
    // one swap at a time; a refused one does not stop the next
    let swapping: Promise<unknown> = Promise.resolve();
    const swap = (assemblyDir: string) => {
      const result = swapping.then(() => deploy(assemblyDir));
      swapping = result.catch(() => {});
      return result;
    };

    return {
      url,
      port,
      get stack() {
        return current.stack;
      },
      get api() {
        return current.api;
      },
      get apiKeys() {
        return current.apiKeys;
      },
      get iam() {
        return current.iam;
      },
      events: fabric,
      faults,
      userPools: deploymentHost.userPools,
      dynamoDbEndpoint,
      resolverCode,
      swap,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function logTables(deployment: Deployment, log: (line: string) => void): void {
  for (const table of deployment.tables) log(`[engine] table ${table.tableName}: ${table.action}`);
}

/** Key material for pagination tokens: stable across restarts when state persists, so tokens stay valid. */
function localSecret(dataDir: string | null): string {
  if (!dataDir) return randomBytes(32).toString('hex');
  const file = path.join(dataDir, 'token-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}
