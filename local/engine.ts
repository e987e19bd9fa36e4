import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readCloudAssembly } from './assembly/cloud-assembly.js';
import { buildStackModel, type ApiModel, type AuthType, type FunctionConfigurationModel, type StackModel } from './assembly/stack-model.js';
import { localApiKeys, type LocalApiKey } from './auth/api-key.js';
import { createAuthenticator, type CredentialVerifier } from './auth/authenticate.js';
import { createDynamoDbDataSource } from './datasources/dynamodb/index.js';
import { createEventBridgeDataSource } from './datasources/eventbridge.js';
import { createLambdaDataSource } from './datasources/lambda.js';
import { noneDataSource } from './datasources/none.js';
import type { DataSource } from './datasources/types.js';
import { DynamoDbClient } from './dynamodb/client.js';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb/launcher.js';
import { ensureTables, tableSpecFromTemplate } from './dynamodb/tables.js';
import { startEventSystem } from './event-system.js';
import { EventFabric } from './events/fabric.js';
import { EVENTBRIDGE_PATH } from './events/put-events-route.js';
import { clientPutEvents } from './faults/client-put-events.js';
import { FaultInjector } from './faults/fault-injector.js';
import { mountFaultRoutes } from './faults/faults-route.js';
import { GraphQLEndpoint } from './graphql/endpoint.js';
import { buildExecutableSchema } from './graphql/executable-schema.js';
import { planStep, type ResolverPlan } from './graphql/field-resolver.js';
import { ResolverCodeRegistry } from './graphql/resolver-code.js';
import { graphqlRoute } from './graphql/http-route.js';
import { HttpServer, type RouteHandler } from './http/server.js';
import { LambdaRunner } from './lambda/runner.js';
import { loadResolverModule } from './runtime/load.js';
import type { ResolverModule } from './runtime/types.js';
import {
  COGNITO_IDP_PATH,
  createCognitoVerifier,
  createLocalUserPool,
  createRegionalCognitoHandler,
  type DeclaredUser,
  type LocalCognito,
} from './auth/cognito/index.js';
import { cognitoUserPoolsMode } from './auth/cognito-mode.js';
import { iamMode, localIamCredentials, type LocalIamCredentials } from './auth/iam/index.js';
import { cognitoAdminAuthorizer } from './auth/cognito-admin-iam.js';
import { LOCAL_ACCOUNT_ID } from './assembly/intrinsics.js';
import { mountRealtime, type RealtimeOptions } from './realtime/index.js';
import { Mailbox } from './ses/mailbox.js';
import { mountSesRoutes, SESV2_PATH } from './ses/sesv2-route.js';

export interface EngineOptions {
  /** the synthesized cloud assembly (cdk.out) */
  assemblyDir: string;
  /** where DynamoDB Local, API keys and other local state persist; null = in memory */
  dataDir: string | null;
  port: number;
  host?: string;
  /** use an already running DynamoDB-compatible endpoint instead of starting DynamoDB Local */
  dynamoDbEndpoint?: string;
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
  stack: StackModel;
  api: ApiModel;
  apiKeys: LocalApiKey[];
  events: EventFabric;
  /** staged failures (also armed over HTTP at /_local/faults) */
  faults: FaultInjector;
  /** the local Cognito user pools, by pool id */
  userPools: Map<string, LocalCognito>;
  /** the credentials AWS_IAM requests are verified against: the developer's, and each Lambda function's */
  iam: LocalIamCredentials;
  dynamoDbEndpoint: string;
  /** the resolver and function bundles the API runs, replaceable while it runs (what `npm start`'s watch mode swaps) */
  resolverCode: ResolverCodeRegistry;
  stop(): Promise<void>;
}

/**
 * Starts the whole local cloud from a cloud assembly: DynamoDB Local with the template's tables, the event
 * buses, the Lambda functions' bundled assets, and the AppSync API with its bundled resolvers, on one HTTP port.
 */
export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  const log = options.log ?? (() => {});
  const stacks = readCloudAssembly(options.assemblyDir).map(buildStackModel);
  const stack = stacks.find((candidate) => candidate.apis.length > 0);
  if (!stack) throw new Error(`No AppSync API in the cloud assembly at ${options.assemblyDir}`);
  if (stack.apis.length > 1) throw new Error(`${stack.name} declares ${stack.apis.length} AppSync APIs; the local engine serves one`);
  const api = stack.apis[0];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });

  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error) => log(`[engine] cleanup failed: ${String(error)}`));
  };
  try {
    let dynamoDb: DynamoDbLocal | null = null;
    if (!options.dynamoDbEndpoint) {
      dynamoDb = await startDynamoDbLocal({ dataDir: options.dataDir ? path.join(options.dataDir, 'dynamodb') : null });
      cleanups.push(() => dynamoDb!.stop());
      log(`[engine] DynamoDB Local on ${dynamoDb.endpoint} (${options.dataDir ? 'persisted' : 'in memory'})`);
    }
    const dynamoDbEndpoint = options.dynamoDbEndpoint ?? dynamoDb!.endpoint;
    const client = new DynamoDbClient({ endpoint: dynamoDbEndpoint, region: stack.region });
    const provisioned = await ensureTables(
      client,
      stack.tables.map((table) => tableSpecFromTemplate(table.logicalId, table.resource, table.name)),
    );
    for (const table of provisioned) log(`[engine] table ${table.tableName}: ${table.action}`);

    // listening first, so Lambda environments can be given the engine's own AWS endpoints
    const http = new HttpServer();
    const host = options.host ?? '127.0.0.1';
    const port = await http.listen(options.port, host);
    cleanups.push(() => http.close());
    const origin = `http://${host}:${port}`;
    const events = new EventFabric(
      stack.eventBuses.map((bus) => bus.name),
      stack.region,
    );
    const faults = new FaultInjector(log);
    const clientPublisher = clientPutEvents(events, faults);
    mountFaultRoutes(http, faults, stack.functions);
    const mailbox = new Mailbox(options.dataDir);
    mountSesRoutes(http, mailbox, faults);
    cleanups.push(async () => mailbox.flush());
    const sharedLambdaEnv = {
      AWS_REGION: stack.region,
      AWS_DEFAULT_REGION: stack.region,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: `${origin}${EVENTBRIDGE_PATH}`,
      AWS_ENDPOINT_URL_SESV2: `${origin}${SESV2_PATH}`,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `${origin}${COGNITO_IDP_PATH}`,
      // No X-Ray here, so Powertools' tracer is off; in its default (automatic) mode the X-Ray SDK would still
      // install async hooks with destroy tracking on every promise when it loads: 5-10 % of a busy function's CPU
      AWS_XRAY_MANUAL_MODE: '1',
      NODE_NO_WARNINGS: '1',
    };
    const iam = localIamCredentials({
      accountId: LOCAL_ACCOUNT_ID,
      dataDir: options.dataDir,
      functionNames: stack.functions.map((fn) => fn.name),
    });
    const runners = new Map(
      stack.functions.map((fn) => [fn.name, new LambdaRunner(fn, { ...sharedLambdaEnv, ...iam.lambdaEnvironment(fn.name) }, faults)]),
    );
    cleanups.push(async () => void (await Promise.all([...runners.values()].map((runner) => runner.close()))));

    const tokenSecret = localSecret(options.dataDir);
    const dataSources = new Map<string, DataSource>();
    for (const model of api.dataSources.values()) {
      switch (model.type) {
        case 'NONE':
          dataSources.set(model.name, noneDataSource);
          break;
        case 'AMAZON_DYNAMODB':
          dataSources.set(model.name, createDynamoDbDataSource({ client, tableName: model.tableName!, region: stack.region, tokenSecret }));
          break;
        case 'AMAZON_EVENTBRIDGE':
          dataSources.set(model.name, createEventBridgeDataSource(clientPublisher, model.eventBusName!));
          break;
        case 'AWS_LAMBDA': {
          const runner = runners.get(model.functionName!);
          if (!runner) throw new Error(`Data source ${model.name} names Lambda ${model.functionName}, which is not in the stack`);
          dataSources.set(model.name, createLambdaDataSource(runner));
          break;
        }
        default:
          throw new Error(`Data source ${model.name} has type ${model.type}, which the local engine does not run yet`);
      }
    }

    const resolverCode = new ResolverCodeRegistry();
    const plans = planResolvers(api, dataSources, resolverCode);
    const executable = buildExecutableSchema(
      api.schemaSdl,
      api.defaultAuth.type,
      [api.defaultAuth.type, ...api.additionalAuth.map((provider) => provider.type)],
      plans,
      api.environmentVariables,
    );
    const endpoint = new GraphQLEndpoint(executable);
    const apiKeys = localApiKeys(api.apiKeys, options.dataDir);

    const verifiers: Partial<Record<AuthType, CredentialVerifier>> = { ...options.verifiers };
    const userPools = new Map<string, LocalCognito>();
    for (const pool of stack.userPools) {
      const local = await createLocalUserPool({
        userPoolId: pool.id,
        clientIds: pool.clientIds,
        region: stack.region,
        dataDir: options.dataDir ? path.join(options.dataDir, 'cognito', pool.id) : null,
        issuerBaseUrl: `${origin}/local-cognito`,
        users: options.users ?? [],
        rules: {
          groups: pool.groups,
          schemaAttributes: pool.schemaAttributes,
          allowAdminCreateUserOnly: pool.allowAdminCreateUserOnly,
          autoVerifiedAttributes: pool.autoVerifiedAttributes,
          passwordPolicy: pool.passwordPolicy,
          verificationEmail: pool.verificationEmail,
        },
        authorizeAdmin: cognitoAdminAuthorizer(
          iam,
          { region: stack.region, accountId: LOCAL_ACCOUNT_ID, userPoolId: pool.id },
          new Map(stack.functions.map((fn) => [fn.name, fn.roleStatements])),
        ),
      });
      userPools.set(pool.id, local);
      http.routePrefix(`/local-cognito/${pool.id}`, local.handle);
    }
    http.routePrefix(
      COGNITO_IDP_PATH,
      createRegionalCognitoHandler(
        stack.userPools.map((pool) => ({ id: pool.id, clientIds: pool.clientIds, handle: userPools.get(pool.id)!.handle })),
      ),
    );
    const poolProvider = [api.defaultAuth, ...api.additionalAuth].find((provider) => provider.type === 'AMAZON_COGNITO_USER_POOLS');
    const poolModel = poolProvider?.userPool && stack.userPools.find((pool) => pool.id === poolProvider.userPool!.userPoolId);
    const apiPool = poolModel && userPools.get(poolModel.id);
    if (poolProvider && poolModel && apiPool && !verifiers.AMAZON_COGNITO_USER_POOLS) {
      // Cognito only ever issues tokens for the pool's own app clients; the regex narrows that further.
      const verifier = createCognitoVerifier({
        issuer: apiPool.issuer,
        jwks: apiPool.jwks(),
        clientIds: poolModel.clientIds,
        appIdClientRegex: poolProvider.userPool?.appIdClientRegex ?? undefined,
      });
      verifiers.AMAZON_COGNITO_USER_POOLS = cognitoUserPoolsMode(verifier, poolProvider);
    }
    verifiers.AWS_IAM ??= iamMode(iam, { region: stack.region });
    const authenticate = createAuthenticator(api, { apiKeys, verifiers });

    const realtime = mountRealtime(http, { api, plans, authenticate, options: options.realtime, log });
    cleanups.push(() => realtime.close());
    http.route(
      '/graphql',
      graphqlRoute(endpoint, authenticate, (outcome) => realtime.publish(outcome), options.site?.graphqlGet),
    );
    if (options.site?.fallback) http.fallback(options.site.fallback);
    const eventSystem = startEventSystem({
      stack,
      fabric: events,
      clientPutEvents: clientPublisher,
      runners,
      http,
      dynamoDbEndpoint,
      dataDir: options.dataDir && path.join(options.dataDir, 'events'),
      timeScale: options.eventTimeScale ?? 1,
      secrets: options.secrets ?? {},
      log,
      // EventBridge → AppSync targets: in process, and published to subscribers like any mutation
      executeGraphQL: async (body, caller) => {
        const outcome = await endpoint.execute(body, caller, {});
        realtime.publish(outcome);
        return outcome.response;
      },
    });
    cleanups.push(() => eventSystem.stop());
    const url = `${origin}/graphql`;
    log(`[engine] ${api.name}: ${plans.size} resolvers, ${api.dataSources.size} data sources, serving ${url}`);
    return { url, port, stack, api, apiKeys, events, faults, userPools, iam, dynamoDbEndpoint, resolverCode, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function planResolvers(api: ApiModel, dataSources: Map<string, DataSource>, code: ResolverCodeRegistry): Map<string, ResolverPlan> {
  const dataSource = (name: string) => {
    const found = dataSources.get(name);
    if (!found) throw new Error(`${api.name}: no data source named ${name}`);
    return found;
  };
  // a function shared by several pipelines is compiled once
  const functions = new Map<string, ResolverModule>();
  const functionModule = (fn: FunctionConfigurationModel) => {
    if (!functions.has(fn.id)) functions.set(fn.id, loadResolverModule(fn.code.source, fn.code.file));
    return functions.get(fn.id)!;
  };
  const plans = new Map<string, ResolverPlan>();
  for (const model of api.resolvers) {
    if (model.kind === 'UNIT' && !model.code)
      throw new Error(`${api.name}: unit resolver ${model.typeName}.${model.fieldName} has no code`);
    const module = model.code ? loadResolverModule(model.code.source, model.code.file) : null;
    const steps =
      model.kind === 'UNIT'
        ? [planStep(module!, dataSource(model.dataSourceName!), model)]
        : model.pipeline.map((fn) => planStep(functionModule(fn), dataSource(fn.dataSourceName), fn));
    const plan: ResolverPlan = { model, module, steps };
    plans.set(`${model.typeName}.${model.fieldName}`, plan);
    // where new code for each bundle goes when it is replaced while the engine runs
    if (model.code)
      code.add(model.code.file, model.code.source, (replacement) => {
        plan.module = replacement;
        if (model.kind === 'UNIT') steps[0].module = replacement;
      });
    if (model.kind === 'PIPELINE')
      model.pipeline.forEach((fn, index) => code.add(fn.code.file, fn.code.source, (replacement) => (steps[index].module = replacement)));
  }
  return plans;
}

/** Key material for pagination tokens: stable across restarts when state persists, so tokens stay valid. */
function localSecret(dataDir: string | null): string {
  if (!dataDir) return randomBytes(32).toString('hex');
  const file = path.join(dataDir, 'token-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}
