import * as path from 'node:path';
import type { ApiModel, AuthType, StackModel } from './assembly/stack-model.js';
import { LOCAL_ACCOUNT_ID } from './assembly/intrinsics.js';
import type { PolicyStatementModel } from './assembly/role-policies.js';
import { localApiKeys, type LocalApiKey } from './auth/api-key.js';
import { createAuthenticator, type Authenticate, type CredentialVerifier } from './auth/authenticate.js';
import { cognitoAdminAuthorizer } from './auth/cognito-admin-iam.js';
import { cognitoUserPoolsMode } from './auth/cognito-mode.js';
import {
  COGNITO_IDP_PATH,
  createCognitoVerifier,
  createLocalUserPool,
  createRegionalCognitoHandler,
  type DeclaredUser,
  type LocalCognito,
} from './auth/cognito/index.js';
import { iamMode, localIamCredentials, type LocalIamCredentials } from './auth/iam/index.js';
import type { PutEventsPublisher } from './common/put-events.js';
import { dataSourcesOf } from './datasources/from-model.js';
import type { DynamoDbClient } from './dynamodb/client.js';
import { ensureTables, tableSpecFromTemplate, type TableProvisioningAction } from './dynamodb/tables.js';
import { startEventSystem } from './event-system.js';
import type { EventFabric } from './events/fabric.js';
import { EVENTBRIDGE_PATH } from './events/put-events-route.js';
import type { FaultInjector } from './faults/fault-injector.js';
import { mountFaultRoutes } from './faults/faults-route.js';
import { GraphQLEndpoint } from './graphql/endpoint.js';
import { buildExecutableSchema } from './graphql/executable-schema.js';
import type { ResolverPlan } from './graphql/field-resolver.js';
import { graphqlRoute } from './graphql/http-route.js';
import { planResolvers } from './graphql/resolver-plans.js';
import { ResolverCodeRegistry } from './graphql/resolver-code.js';
import type { HttpServer, RouteHandler } from './http/server.js';
import { LambdaRunner } from './lambda/runner.js';
import type { Realtime } from './realtime/index.js';
import { SESV2_PATH } from './ses/sesv2-route.js';

/** What outlives deployments: one port, one DynamoDB Local, one set of buses, user pools and staged faults. */
export interface DeploymentHost {
  http: HttpServer;
  origin: string;
  client: DynamoDbClient;
  dynamoDbEndpoint: string;
  /** resolves once DynamoDB answers: tables wait for it, the rest of a deployment is built meanwhile */
  dynamoDbReady: Promise<unknown>;
  fabric: EventFabric;
  /** PutEvents as clients get it (with injected faults) */
  clientPutEvents: PutEventsPublisher;
  faults: FaultInjector;
  /** the local user pools by id; a deployment adds the pools it declares that are not there yet */
  userPools: Map<string, LocalCognito>;
  /**
   * The serving deployment's credentials and each of its functions' role statements: what the pools' IAM-authorised
   * operations (Admin*, ListUsers) are checked against, whichever deployment created the pool.
   */
  servingIam: LocalIamCredentials;
  servingPolicies: Map<string, PolicyStatementModel[]>;
  tokenSecret: string;
  dataDir: string | null;
  users: DeclaredUser[];
  verifiers: Partial<Record<AuthType, CredentialVerifier>>;
  secrets: Record<string, string>;
  eventTimeScale: number;
  graphqlGet?: RouteHandler;
  log: (line: string) => void;
}

/**
 * One cloud assembly deployed onto the host, as `cdk deploy` would: its tables provisioned, its Lambda functions,
 * data sources, resolvers and schema ready. `start` puts it in service (routes, event system), `stop` takes its
 * event system out (state flushed), `close` ends its Lambda environments and `retire` does once nothing runs on them.
 */
export interface Deployment {
  stack: StackModel;
  api: ApiModel;
  plans: Map<string, ResolverPlan>;
  authenticate: Authenticate;
  apiKeys: LocalApiKey[];
  iam: LocalIamCredentials;
  resolverCode: ResolverCodeRegistry;
  tables: Array<{ tableName: string; action: TableProvisioningAction }>;
  start(realtime: Realtime): void;
  stop(): Promise<void>;
  close(): Promise<void>;
  /** closes the Lambda environments once the invocations already made have finished (a replaced deployment) */
  retire(): Promise<void>;
}

/** The stack of an assembly the engine can serve: the one with the AppSync API. */
export function servedStack(stacks: StackModel[], assemblyDir: string): StackModel {
  const stack = stacks.find((candidate) => candidate.apis.length > 0);
  if (!stack) throw new Error(`No AppSync API in the cloud assembly at ${assemblyDir}`);
  if (stack.apis.length > 1) throw new Error(`${stack.name} declares ${stack.apis.length} AppSync APIs; the local engine serves one`);
  return stack;
}

/**
 * Builds a deployment without putting it in service; what is already serving is untouched but for additive table
 * changes (new tables and indexes). Throws when the assembly cannot be served (a refused resolver, a schema that
 * does not build, a key schema the existing data does not have), having closed what it started.
 */
export async function buildDeployment(host: DeploymentHost, stack: StackModel, previous: Deployment | null): Promise<Deployment> {
  const api = stack.apis[0];
  // provisioned while the rest is built (on a first start, while DynamoDB Local's JVM is still starting)
  const provisioning = host.dynamoDbReady.then(() =>
    ensureTables(
      host.client,
      stack.tables.map((table) => tableSpecFromTemplate(table.logicalId, table.resource, table.name)),
    ),
  );
  provisioning.catch(() => {}); // awaited below, whatever else fails first
  const iam = localIamCredentials({
    accountId: LOCAL_ACCOUNT_ID,
    dataDir: host.dataDir,
    functionNames: stack.functions.map((fn) => fn.name),
    developer: previous?.iam.developer,
  });
  const lambdaEnv = {
    AWS_REGION: stack.region,
    AWS_DEFAULT_REGION: stack.region,
    AWS_ENDPOINT_URL_DYNAMODB: host.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: `${host.origin}${EVENTBRIDGE_PATH}`,
    AWS_ENDPOINT_URL_SESV2: `${host.origin}${SESV2_PATH}`,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `${host.origin}${COGNITO_IDP_PATH}`,
    // No X-Ray here, so Powertools' tracer is off; in its default (automatic) mode the X-Ray SDK would still
    // install async hooks with destroy tracking on every promise when it loads: 5-10 % of a busy function's CPU
    AWS_XRAY_MANUAL_MODE: '1',
    NODE_NO_WARNINGS: '1',
  };
  const runners = new Map(
    stack.functions.map((fn) => [fn.name, new LambdaRunner(fn, { ...lambdaEnv, ...iam.lambdaEnvironment(fn.name) }, host.faults)]),
  );
  const close = async () => void (await Promise.all([...runners.values()].map((runner) => runner.close())));
  try {
    const resolverCode = new ResolverCodeRegistry();
    const plans = planResolvers(api, dataSourcesOf(api, stack, host, runners), resolverCode);
    const modes = [api.defaultAuth.type, ...api.additionalAuth.map((provider) => provider.type)];
    const endpoint = new GraphQLEndpoint(
      buildExecutableSchema(api.schemaSdl, api.defaultAuth.type, modes, plans, api.environmentVariables),
    );
    const apiKeys = localApiKeys(api.apiKeys, host.dataDir, previous?.apiKeys);
    const newPools = await addUserPools(host, stack);
    const authenticate = createAuthenticator(api, { apiKeys, verifiers: verifiersOf(host, stack, api, iam) });
    const tables = await provisioning;
    let eventSystem: { stop(): Promise<void> } | null = null;
    return {
      stack,
      api,
      plans,
      authenticate,
      apiKeys,
      iam,
      resolverCode,
      tables,
      start(realtime) {
        mountFaultRoutes(host.http, host.faults, stack.functions);
        for (const pool of newPools) host.http.routePrefix(`/local-cognito/${pool.id}`, pool.local.handle);
        host.http.routePrefix(
          COGNITO_IDP_PATH,
          createRegionalCognitoHandler(
            stack.userPools.map((pool) => ({ id: pool.id, clientIds: pool.clientIds, handle: host.userPools.get(pool.id)!.handle })),
          ),
        );
        host.servingPolicies.clear();
        for (const fn of stack.functions) host.servingPolicies.set(fn.name, fn.roleStatements);
        host.http.route(
          '/graphql',
          graphqlRoute(endpoint, authenticate, (outcome) => realtime.publish(outcome), host.graphqlGet),
        );
        eventSystem = startEventSystem({
          stack,
          fabric: host.fabric,
          clientPutEvents: host.clientPutEvents,
          runners,
          http: host.http,
          dynamoDbEndpoint: host.dynamoDbEndpoint,
          dataDir: host.dataDir && path.join(host.dataDir, 'events'),
          timeScale: host.eventTimeScale,
          secrets: host.secrets,
          log: host.log,
          // EventBridge → AppSync targets: in process, and published to subscribers like any mutation
          executeGraphQL: async (body, caller) => {
            const outcome = await endpoint.execute(body, caller, {});
            realtime.publish(outcome);
            return outcome.response;
          },
        });
      },
      async stop() {
        await eventSystem?.stop();
        eventSystem = null;
      },
      close,
      retire: async () => void (await Promise.all([...runners.values()].map((runner) => runner.retire()))),
    };
  } catch (error) {
    await Promise.allSettled([provisioning, close()]);
    throw error;
  }
}

/**
 * Creates the stack's user pools the host does not have yet, with the users passed in (none by default, like a new
 * pool) plus those created through its API in an earlier run (`users.json` in its data folder). A pool the host
 * already runs is kept as it is, with its users, keys and settings.
 */
async function addUserPools(host: DeploymentHost, stack: StackModel) {
  const added: Array<{ id: string; local: LocalCognito }> = [];
  for (const pool of stack.userPools.filter((candidate) => !host.userPools.has(candidate.id))) {
    const local = await createLocalUserPool({
      userPoolId: pool.id,
      clientIds: pool.clientIds,
      region: stack.region,
      dataDir: host.dataDir ? path.join(host.dataDir, 'cognito', pool.id) : null,
      issuerBaseUrl: `${host.origin}/local-cognito`,
      users: host.users,
      rules: {
        groups: pool.groups,
        schemaAttributes: pool.schemaAttributes,
        allowAdminCreateUserOnly: pool.allowAdminCreateUserOnly,
        autoVerifiedAttributes: pool.autoVerifiedAttributes,
        passwordPolicy: pool.passwordPolicy,
        verificationEmail: pool.verificationEmail,
      },
      authorizeAdmin: cognitoAdminAuthorizer(
        host.servingIam,
        { region: stack.region, accountId: LOCAL_ACCOUNT_ID, userPoolId: pool.id },
        host.servingPolicies,
      ),
    });
    host.userPools.set(pool.id, local);
    added.push({ id: pool.id, local });
  }
  return added;
}

function verifiersOf(
  host: DeploymentHost,
  stack: StackModel,
  api: ApiModel,
  iam: LocalIamCredentials,
): Partial<Record<AuthType, CredentialVerifier>> {
  const verifiers = { ...host.verifiers };
  const poolProvider = [api.defaultAuth, ...api.additionalAuth].find((provider) => provider.type === 'AMAZON_COGNITO_USER_POOLS');
  const poolModel = poolProvider?.userPool && stack.userPools.find((pool) => pool.id === poolProvider.userPool!.userPoolId);
  const apiPool = poolModel && host.userPools.get(poolModel.id);
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
  return verifiers;
}
