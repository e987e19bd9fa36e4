import { readFileSync } from 'node:fs';
import type { CfnResource, StackArtifact } from './cloud-assembly.js';
import { buildEventFabricModel, type EventFabricModel } from './event-fabric-model.js';
import { Intrinsics } from './intrinsics.js';
import { rolePolicies, type PolicyStatementModel } from './role-policies.js';
import { userPoolRules, type UserPoolModel } from './user-pool-model.js';

export type AuthType = 'API_KEY' | 'AMAZON_COGNITO_USER_POOLS' | 'AWS_IAM' | 'OPENID_CONNECT' | 'AWS_LAMBDA';

export interface AuthProviderModel {
  type: AuthType;
  userPool?: {
    userPoolId: string;
    userPoolLogicalId: string | null;
    region: string;
    appIdClientRegex: string | null;
    defaultAction: 'ALLOW' | 'DENY';
  };
  openIdConnect?: { issuer: string; clientId: string | null };
}

export interface CodeModel {
  /** the bundled code that would deploy */
  source: string;
  /** where it came from, for messages */
  file: string;
}

export interface DataSourceModel {
  name: string;
  /** 'NONE', 'AMAZON_DYNAMODB', 'AWS_LAMBDA', 'AMAZON_EVENTBRIDGE', or any other type the template names */
  type: string;
  tableName?: string;
  functionName?: string;
  eventBusName?: string;
}

export interface FunctionConfigurationModel {
  id: string;
  name: string;
  dataSourceName: string;
  code: CodeModel;
}

export interface ResolverModel {
  typeName: string;
  fieldName: string;
  kind: 'UNIT' | 'PIPELINE';
  dataSourceName: string | null;
  code: CodeModel | null;
  pipeline: FunctionConfigurationModel[];
  maxBatchSize: number | null;
}

export interface ApiModel {
  id: string;
  name: string;
  schemaSdl: string;
  defaultAuth: AuthProviderModel;
  additionalAuth: AuthProviderModel[];
  apiKeys: Array<{ id: string; expires: number | null }>;
  environmentVariables: Record<string, string>;
  dataSources: Map<string, DataSourceModel>;
  resolvers: ResolverModel[];
}

export interface TableModel {
  logicalId: string;
  name: string;
  resource: CfnResource;
}

export interface LambdaFunctionModel {
  logicalId: string;
  name: string;
  handler: string;
  runtime: string;
  /** folder or file of the code asset */
  codePath: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
  /** ReservedConcurrentExecutions; null when the function draws on the account's unreserved concurrency */
  reservedConcurrency: number | null;
  /** what its execution role's policies say: services that check IAM locally (the user pool's admin API) read it */
  roleStatements: PolicyStatementModel[];
}

export interface StackModel {
  name: string;
  region: string;
  apis: ApiModel[];
  tables: TableModel[];
  eventBuses: Array<{ logicalId: string; name: string }>;
  functions: LambdaFunctionModel[];
  userPools: UserPoolModel[];
  /** rules, queues, event source mappings, pipes and API destinations */
  eventFabric: EventFabricModel;
}

/** Builds what the engine runs from one stack of the cloud assembly: nothing here is configured twice. */
export function buildStackModel(stack: StackArtifact): StackModel {
  const cfn = new Intrinsics(stack);
  const resources = Object.entries(stack.template.Resources);
  const ofType = (type: string) => resources.filter(([, resource]) => resource.Type === type);
  const props = (resource: CfnResource) => resource.Properties ?? {};
  const refOf = (value: unknown) => logicalIdOf(value);
  const policiesOfRole = rolePolicies(stack, cfn);

  const code = (properties: Record<string, unknown>, what: string): CodeModel => {
    if (typeof properties.Code === 'string') return { source: properties.Code, file: `${what} (inline)` };
    const location = String(cfn.resolve(properties.CodeS3Location ?? ''));
    const objectKey = location.split('/').pop() ?? '';
    const file = stack.assetPathByObjectKey.get(objectKey);
    if (!file) throw new Error(`${stack.name}: ${what} has no code asset in the cloud assembly (${location})`);
    return { source: readFileSync(file, 'utf8'), file };
  };

  const functionConfigurations = new Map<string, FunctionConfigurationModel>();
  for (const [id, resource] of ofType('AWS::AppSync::FunctionConfiguration')) {
    const p = props(resource);
    functionConfigurations.set(id, {
      id,
      name: String(p.Name),
      dataSourceName: String(p.DataSourceName),
      code: code(p, `function ${String(p.Name)}`),
    });
  }

  const apis: ApiModel[] = ofType('AWS::AppSync::GraphQLApi').map(([apiId, apiResource]) => {
    const p = props(apiResource);
    const belongs = (resource: CfnResource) => refOf(props(resource).ApiId) === apiId;
    const schema = ofType('AWS::AppSync::GraphQLSchema').find(([, resource]) => belongs(resource));
    if (!schema || typeof props(schema[1]).Definition !== 'string')
      throw new Error(`${stack.name}: API ${apiId} has no inline schema definition`);

    const dataSources = new Map<string, DataSourceModel>();
    for (const [, resource] of ofType('AWS::AppSync::DataSource').filter(([, r]) => belongs(r))) {
      const d = props(resource);
      const name = String(d.Name);
      const dynamo = d.DynamoDBConfig as { TableName?: unknown } | undefined;
      const lambda = d.LambdaConfig as { LambdaFunctionArn?: unknown } | undefined;
      const eventBridge = d.EventBridgeConfig as { EventBusArn?: unknown } | undefined;
      dataSources.set(name, {
        name,
        type: String(d.Type),
        tableName: dynamo ? String(cfn.resolve(dynamo.TableName)) : undefined,
        functionName: lambda ? lastArnPart(String(cfn.resolve(lambda.LambdaFunctionArn)), ':') : undefined,
        eventBusName: eventBridge ? lastArnPart(String(cfn.resolve(eventBridge.EventBusArn)), '/') : undefined,
      });
    }

    const resolvers = ofType('AWS::AppSync::Resolver')
      .filter(([, resource]) => belongs(resource))
      .map(([id, resource]): ResolverModel => {
        const r = props(resource);
        const kind = r.Kind === 'PIPELINE' ? 'PIPELINE' : 'UNIT';
        const runtime = r.Runtime as { Name?: string } | undefined;
        if (runtime?.Name !== 'APPSYNC_JS')
          throw new Error(`${stack.name}: resolver ${id} is not APPSYNC_JS (VTL is not supported by the local engine)`);
        const functionIds = ((r.PipelineConfig as { Functions?: unknown[] } | undefined)?.Functions ?? []).map(refOf);
        return {
          typeName: String(r.TypeName),
          fieldName: String(r.FieldName),
          kind,
          dataSourceName: kind === 'UNIT' ? String(r.DataSourceName) : null,
          code: r.Code || r.CodeS3Location ? code(r, `resolver ${String(r.TypeName)}.${String(r.FieldName)}`) : null,
          pipeline: functionIds.map((fid) => {
            const fn = functionConfigurations.get(fid ?? '');
            if (!fn) throw new Error(`${stack.name}: pipeline ${id} names a missing function ${fid}`);
            return fn;
          }),
          maxBatchSize: typeof r.MaxBatchSize === 'number' ? r.MaxBatchSize : null,
        };
      });

    const provider = (config: Record<string, unknown>): AuthProviderModel => {
      const type = String(config.AuthenticationType) as AuthType;
      const pool = config.UserPoolConfig as Record<string, unknown> | undefined;
      const oidc = config.OpenIDConnectConfig as Record<string, unknown> | undefined;
      return {
        type,
        userPool: pool && {
          userPoolId: String(cfn.resolve(pool.UserPoolId)),
          userPoolLogicalId: refOf(pool.UserPoolId),
          region: String(cfn.resolve(pool.AwsRegion ?? cfn.region)),
          appIdClientRegex: pool.AppIdClientRegex === undefined ? null : String(cfn.resolve(pool.AppIdClientRegex)),
          defaultAction: pool.DefaultAction === 'DENY' ? 'DENY' : 'ALLOW',
        },
        openIdConnect: oidc && {
          issuer: String(cfn.resolve(oidc.Issuer)),
          clientId: oidc.ClientId ? String(cfn.resolve(oidc.ClientId)) : null,
        },
      };
    };

    return {
      id: apiId,
      name: String(p.Name),
      schemaSdl: props(schema[1]).Definition as string,
      defaultAuth: provider(p),
      additionalAuth: ((p.AdditionalAuthenticationProviders as Record<string, unknown>[] | undefined) ?? []).map(provider),
      apiKeys: ofType('AWS::AppSync::ApiKey')
        .filter(([, resource]) => belongs(resource))
        .map(([id, resource]) => ({
          id,
          expires: typeof props(resource).Expires === 'number' ? (props(resource).Expires as number) : null,
        })),
      environmentVariables: Object.fromEntries(
        Object.entries((p.EnvironmentVariables as Record<string, unknown> | undefined) ?? {}).map(([key, value]) => [
          key,
          String(cfn.resolve(value)),
        ]),
      ),
      dataSources,
      resolvers,
    };
  });

  return {
    name: stack.name,
    region: stack.region,
    apis,
    tables: [...ofType('AWS::DynamoDB::Table'), ...ofType('AWS::DynamoDB::GlobalTable')].map(([logicalId, resource]) => ({
      logicalId,
      name: cfn.physicalName(logicalId),
      resource,
    })),
    eventBuses: ofType('AWS::Events::EventBus').map(([logicalId]) => ({ logicalId, name: cfn.physicalName(logicalId) })),
    functions: ofType('AWS::Lambda::Function').map(([logicalId, resource]) => {
      const p = props(resource);
      const codeProps = p.Code as { S3Key?: unknown } | undefined;
      const objectKey = String(cfn.resolve(codeProps?.S3Key ?? ''));
      const codePath = stack.assetPathByObjectKey.get(objectKey);
      if (!codePath) throw new Error(`${stack.name}: Lambda ${logicalId} has no code asset in the cloud assembly`);
      const variables = (p.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      return {
        logicalId,
        name: cfn.physicalName(logicalId),
        handler: String(p.Handler ?? 'index.handler'),
        runtime: String(p.Runtime ?? 'nodejs22.x'),
        codePath,
        environment: Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, String(cfn.resolve(value))])),
        timeoutSeconds: typeof p.Timeout === 'number' ? p.Timeout : 3,
        memoryMb: typeof p.MemorySize === 'number' ? p.MemorySize : 128,
        reservedConcurrency: p.ReservedConcurrentExecutions === undefined ? null : Number(cfn.resolve(p.ReservedConcurrentExecutions)),
        roleStatements: policiesOfRole(refOf(p.Role) ?? ''),
      };
    }),
    userPools: ofType('AWS::Cognito::UserPool').map(([logicalId, resource]) => ({
      logicalId,
      ...userPoolRules(props(resource)),
      id: cfn.ref(logicalId),
      clientIds: ofType('AWS::Cognito::UserPoolClient')
        .filter(([, resource]) => refOf(props(resource).UserPoolId) === logicalId)
        .map(([clientId]) => cfn.ref(clientId)),
      groups: ofType('AWS::Cognito::UserPoolGroup')
        .filter(([, resource]) => refOf(props(resource).UserPoolId) === logicalId)
        .map(([, resource]) => String(props(resource).GroupName)),
    })),
    eventFabric: buildEventFabricModel(stack, cfn),
  };
}

/** The logical id a Ref / Fn::GetAtt points at. */
function logicalIdOf(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  if (v.Ref) return v.Ref;
  if (v['Fn::GetAtt']) return v['Fn::GetAtt'][0];
  return null;
}

function lastArnPart(arn: string, separator: string): string {
  return arn.slice(arn.lastIndexOf(separator) + 1);
}
