import type { CfnResource, StackArtifact } from './cloud-assembly.js';
import type { Intrinsics } from './intrinsics.js';

/** EventBridge's defaults when a target declares no RetryPolicy. */
export const DEFAULT_RETRY_POLICY = { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86_400 };

export interface RetryPolicyModel {
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
}

export interface InputTransformerModel {
  pathsMap: Record<string, string>;
  template: string;
}

export interface RuleTargetModel {
  id: string;
  arn: string;
  /** constant input (Input), the part of the event to send (InputPath), or a transformer; the whole event otherwise */
  input: string | null;
  inputPath: string | null;
  inputTransformer: InputTransformerModel | null;
  retryPolicy: RetryPolicyModel;
  deadLetterArn: string | null;
  roleArn: string | null;
  /** AppSyncParameters.GraphQLOperation */
  graphQLOperation: string | null;
  /** HttpParameters for API destinations */
  http: { headers: Record<string, string>; queryString: Record<string, string> } | null;
}

export interface RuleModel {
  logicalId: string;
  name: string;
  arn: string;
  busName: string;
  eventPattern: string | null;
  scheduleExpression: string | null;
  enabled: boolean;
  targets: RuleTargetModel[];
}

export interface QueueModel {
  logicalId: string;
  name: string;
  arn: string;
  url: string;
  visibilityTimeoutSeconds: number;
  retentionSeconds: number;
  delaySeconds: number;
  fifo: boolean;
  redrive: { deadLetterArn: string; maxReceiveCount: number } | null;
}

export interface EventSourceMappingModel {
  logicalId: string;
  functionName: string;
  sourceArn: string;
  source: 'sqs' | 'dynamodb';
  enabled: boolean;
  batchSize: number;
  batchingWindowSeconds: number;
  /** FilterCriteria.Filters[].Pattern, each an event pattern */
  filters: string[];
  reportBatchItemFailures: boolean;
  bisectOnError: boolean;
  /** stream sources only; -1 = until the record expires */
  maximumRetryAttempts: number;
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  onFailureArn: string | null;
  /** SQS sources only: ScalingConfig.MaximumConcurrency, the most batches the mapping runs at once */
  maximumConcurrency: number | null;
}

export interface PipeModel {
  logicalId: string;
  name: string;
  arn: string;
  sourceArn: string;
  batchSize: number;
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** DynamoDBStreamParameters.MaximumRetryAttempts; -1 (AWS's default) = until the record expires from the stream */
  maximumRetryAttempts: number;
  /** DynamoDBStreamParameters.MaximumRecordAgeInSeconds; -1 (AWS's default) = as long as the stream keeps it */
  maximumRecordAgeSeconds: number;
  /** DynamoDBStreamParameters.DeadLetterConfig.Arn: where a batch that exhausted its retries is described */
  deadLetterArn: string | null;
  filters: string[];
  enrichmentArn: string | null;
  targetArn: string;
  /** TargetParameters.InputTemplate (Pipes' transformer: `<$.path>` placeholders) */
  targetInputTemplate: string | null;
  /** TargetParameters.EventBridgeEventBusParameters */
  eventBus: { source: string | null; detailType: string | null } | null;
}

export type ConnectionAuthModel =
  | { type: 'API_KEY'; name: string; value: string }
  | { type: 'BASIC'; username: string; password: string }
  | { type: 'OAUTH_CLIENT_CREDENTIALS' };

export interface ApiDestinationModel {
  logicalId: string;
  name: string;
  arn: string;
  endpoint: string;
  httpMethod: string;
  rateLimitPerSecond: number | null;
  auth: ConnectionAuthModel;
  /** InvocationHttpParameters of the connection, sent with every call */
  headers: Record<string, string>;
}

export interface EventFabricModel {
  rules: RuleModel[];
  queues: QueueModel[];
  eventSourceMappings: EventSourceMappingModel[];
  pipes: PipeModel[];
  apiDestinations: ApiDestinationModel[];
}

/**
 * Reads what EventBridge, SQS, Lambda event source mappings and Pipes would deploy: rules with their targets,
 * queues with their redrive policies, mappings, pipes and API destinations, all with intrinsics resolved.
 */
export function buildEventFabricModel(stack: StackArtifact, cfn: Intrinsics): EventFabricModel {
  const resources = Object.entries(stack.template.Resources);
  const ofType = (type: string) => resources.filter(([, resource]) => resource.Type === type);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation properties are untyped JSON, read field by field
  const props = (resource: CfnResource) => cfn.resolve(resource.Properties ?? {}) as Record<string, any>;
  const stringMap = (value: unknown) =>
    Object.fromEntries(Object.entries((value ?? {}) as Record<string, unknown>).map(([key, item]) => [key, String(item)]));
  const filtersOf = (criteria: { Filters?: Array<{ Pattern?: string }> } | undefined) =>
    (criteria?.Filters ?? []).map((filter) => String(filter.Pattern));

  const rules = ofType('AWS::Events::Rule').map(([logicalId, resource]): RuleModel => {
    const p = props(resource);
    const busName = p.EventBusName ? lastPart(String(p.EventBusName), '/') : 'default';
    const name = cfn.physicalName(logicalId);
    return {
      logicalId,
      name,
      arn: cfn.getAtt(logicalId, 'Arn'),
      busName,
      eventPattern:
        p.EventPattern === undefined ? null : typeof p.EventPattern === 'string' ? p.EventPattern : JSON.stringify(p.EventPattern),
      scheduleExpression: p.ScheduleExpression ? String(p.ScheduleExpression) : null,
      enabled: (p.State ?? 'ENABLED') === 'ENABLED',
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above: each target's properties are untyped JSON
      targets: ((p.Targets ?? []) as Array<Record<string, any>>).map((target) => ({
        id: String(target.Id),
        arn: String(target.Arn),
        input: target.Input === undefined ? null : String(target.Input),
        inputPath: target.InputPath === undefined ? null : String(target.InputPath),
        inputTransformer: target.InputTransformer
          ? { pathsMap: stringMap(target.InputTransformer.InputPathsMap), template: String(target.InputTransformer.InputTemplate) }
          : null,
        retryPolicy: {
          maximumRetryAttempts: target.RetryPolicy?.MaximumRetryAttempts ?? DEFAULT_RETRY_POLICY.maximumRetryAttempts,
          maximumEventAgeSeconds: target.RetryPolicy?.MaximumEventAgeInSeconds ?? DEFAULT_RETRY_POLICY.maximumEventAgeSeconds,
        },
        deadLetterArn: target.DeadLetterConfig?.Arn ? String(target.DeadLetterConfig.Arn) : null,
        roleArn: target.RoleArn ? String(target.RoleArn) : null,
        graphQLOperation: target.AppSyncParameters?.GraphQLOperation ? String(target.AppSyncParameters.GraphQLOperation) : null,
        http: target.HttpParameters
          ? {
              headers: stringMap(target.HttpParameters.HeaderParameters),
              queryString: stringMap(target.HttpParameters.QueryStringParameters),
            }
          : null,
      })),
    };
  });

  const queues = ofType('AWS::SQS::Queue').map(([logicalId, resource]): QueueModel => {
    const p = props(resource);
    const redrive = typeof p.RedrivePolicy === 'string' ? JSON.parse(p.RedrivePolicy) : p.RedrivePolicy;
    return {
      logicalId,
      name: cfn.physicalName(logicalId),
      arn: cfn.getAtt(logicalId, 'Arn'),
      url: cfn.ref(logicalId),
      visibilityTimeoutSeconds: Number(p.VisibilityTimeout ?? 30),
      retentionSeconds: Number(p.MessageRetentionPeriod ?? 345_600),
      delaySeconds: Number(p.DelaySeconds ?? 0),
      fifo: p.FifoQueue === true || p.FifoQueue === 'true',
      redrive: redrive ? { deadLetterArn: String(redrive.deadLetterTargetArn), maxReceiveCount: Number(redrive.maxReceiveCount) } : null,
    };
  });

  const eventSourceMappings = ofType('AWS::Lambda::EventSourceMapping').map(([logicalId, resource]): EventSourceMappingModel => {
    const p = props(resource);
    const sourceArn = String(p.EventSourceArn);
    const source = sourceArn.startsWith('arn:aws:sqs:') ? 'sqs' : sourceArn.includes(':dynamodb:') ? 'dynamodb' : null;
    if (!source)
      throw new Error(
        `${stack.name}: event source mapping ${logicalId} reads ${sourceArn}; the local engine runs SQS and DynamoDB stream sources`,
      );
    return {
      logicalId,
      functionName: lastPart(String(p.FunctionName), ':'),
      sourceArn,
      source,
      enabled: p.Enabled !== false,
      batchSize: Number(p.BatchSize ?? (source === 'sqs' ? 10 : 100)),
      batchingWindowSeconds: Number(p.MaximumBatchingWindowInSeconds ?? 0),
      filters: filtersOf(p.FilterCriteria),
      reportBatchItemFailures: ((p.FunctionResponseTypes ?? []) as string[]).includes('ReportBatchItemFailures'),
      bisectOnError: p.BisectBatchOnFunctionError === true,
      maximumRetryAttempts: Number(p.MaximumRetryAttempts ?? -1),
      startingPosition: p.StartingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON',
      onFailureArn: p.DestinationConfig?.OnFailure?.Destination ? String(p.DestinationConfig.OnFailure.Destination) : null,
      maximumConcurrency: p.ScalingConfig?.MaximumConcurrency === undefined ? null : Number(p.ScalingConfig.MaximumConcurrency),
    };
  });

  const pipes = ofType('AWS::Pipes::Pipe').map(([logicalId, resource]): PipeModel => {
    const p = props(resource);
    const stream = p.SourceParameters?.DynamoDBStreamParameters;
    const busParameters = p.TargetParameters?.EventBridgeEventBusParameters;
    return {
      logicalId,
      name: cfn.physicalName(logicalId),
      arn: cfn.getAtt(logicalId, 'Arn'),
      sourceArn: String(p.Source),
      batchSize: Number(stream?.BatchSize ?? 1),
      startingPosition: stream?.StartingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON',
      maximumRetryAttempts: Number(stream?.MaximumRetryAttempts ?? -1),
      maximumRecordAgeSeconds: Number(stream?.MaximumRecordAgeInSeconds ?? -1),
      deadLetterArn: stream?.DeadLetterConfig?.Arn ? String(stream.DeadLetterConfig.Arn) : null,
      filters: filtersOf(p.SourceParameters?.FilterCriteria),
      enrichmentArn: p.Enrichment ? String(p.Enrichment) : null,
      targetArn: String(p.Target),
      targetInputTemplate: p.TargetParameters?.InputTemplate ? String(p.TargetParameters.InputTemplate) : null,
      eventBus: busParameters ? { source: busParameters.Source ?? null, detailType: busParameters.DetailType ?? null } : null,
    };
  });

  const connections = new Map(
    ofType('AWS::Events::Connection').map(([logicalId, resource]) => {
      const p = props(resource);
      const auth = p.AuthParameters ?? {};
      const invocation = auth.InvocationHttpParameters?.HeaderParameters as Array<{ Key: string; Value: string }> | undefined;
      const model: { auth: ConnectionAuthModel; headers: Record<string, string> } = {
        auth:
          p.AuthorizationType === 'API_KEY'
            ? {
                type: 'API_KEY',
                name: String(auth.ApiKeyAuthParameters?.ApiKeyName),
                value: String(auth.ApiKeyAuthParameters?.ApiKeyValue),
              }
            : p.AuthorizationType === 'BASIC'
              ? {
                  type: 'BASIC',
                  username: String(auth.BasicAuthParameters?.Username),
                  password: String(auth.BasicAuthParameters?.Password),
                }
              : { type: 'OAUTH_CLIENT_CREDENTIALS' },
        headers: Object.fromEntries((invocation ?? []).map((header) => [header.Key, String(header.Value)])),
      };
      return [cfn.getAtt(logicalId, 'Arn'), model];
    }),
  );

  const apiDestinations = ofType('AWS::Events::ApiDestination').map(([logicalId, resource]): ApiDestinationModel => {
    const p = props(resource);
    const connection = connections.get(String(p.ConnectionArn));
    if (!connection) throw new Error(`${stack.name}: API destination ${logicalId} names a connection that is not in the stack`);
    return {
      logicalId,
      name: cfn.physicalName(logicalId),
      arn: cfn.getAtt(logicalId, 'Arn'),
      endpoint: String(p.InvocationEndpoint),
      httpMethod: String(p.HttpMethod),
      rateLimitPerSecond: p.InvocationRateLimitPerSecond === undefined ? null : Number(p.InvocationRateLimitPerSecond),
      auth: connection.auth,
      headers: connection.headers,
    };
  });

  return { rules, queues, eventSourceMappings, pipes, apiDestinations };
}

function lastPart(value: string, separator: string): string {
  return value.slice(value.lastIndexOf(separator) + 1);
}
