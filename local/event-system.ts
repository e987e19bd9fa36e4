import type { StackModel } from './assembly/stack-model.js';
import { ScaledTime } from './clock/scaled-time.js';
import { DynamoDbClient } from './dynamodb/client.js';
import type { PutEventsPublisher } from './common/put-events.js';
import type { HttpServer } from './http/server.js';
import type { LambdaRunner } from './lambda/runner.js';
import { Pipe } from './pipes/pipe.js';
import { Queues } from './queues/queues.js';
import { SqsEventSource } from './queues/sqs-event-source.js';
import { RuleScheduler } from './schedules/rule-scheduler.js';
import { DynamoDbEventSource } from './streams/dynamodb-event-source.js';
import { StreamPositions } from './streams/stream-positions.js';
import { TableStreamReader, type StreamRecord } from './streams/table-stream-reader.js';
import { EventLog } from './events/event-log.js';
import type { EventFabric } from './events/fabric.js';
import { mountInspectionRoutes } from './events/inspection-routes.js';
import { EVENTBRIDGE_PATH, putEventsRoute } from './events/put-events-route.js';
import { EventRouter } from './events/router.js';
import { createTarget, type GraphQLExecutor, type TargetResources } from './events/targets/index.js';

export interface EventSystemOptions {
  stack: StackModel;
  fabric: EventFabric;
  /** PutEvents as clients get it (with injected faults), for the SDK endpoint */
  clientPutEvents: PutEventsPublisher;
  runners: Map<string, LambdaRunner>;
  http: HttpServer;
  dynamoDbEndpoint: string;
  executeGraphQL: GraphQLExecutor;
  /** events, queue contents and stream positions persist here; in memory when null */
  dataDir: string | null;
  /** see ScaledTime: 1 = AWS's real delays */
  timeScale: number;
  /** secret name → SecretString, for the connections' dynamic references */
  secrets: Record<string, string>;
  log: (line: string) => void;
}

/**
 * Everything that moves events after PutEvents accepted them, built from the cloud assembly: rules and their
 * targets, schedules, queues with their Lambda mappings, DynamoDB stream mappings and pipes; plus the PutEvents
 * endpoint for SDK clients and the see-and-repair routes. Returns how to stop it (state is flushed to disk).
 */
export function startEventSystem(options: EventSystemOptions): { stop(): Promise<void> } {
  const { stack, fabric, runners, http, log } = options;
  const model = stack.eventFabric;
  const time = new ScaledTime(options.timeScale);
  const abort = new AbortController();
  const queues = new Queues(model.queues, time, options.dataDir);
  const eventLog = new EventLog(options.dataDir);
  const resources: TargetResources = {
    runners,
    queues,
    fabric,
    apiDestinations: model.apiDestinations,
    secrets: options.secrets,
    executeGraphQL: options.executeGraphQL,
  };
  const runnerOf = (functionName: string, what: string) => {
    const runner = runners.get(functionName);
    if (!runner) throw new Error(`${what} names Lambda ${functionName}, which is not in the stack`);
    return runner;
  };
  const queueOf = (arn: string, what: string) => {
    const queue = queues.find(arn);
    if (!queue) throw new Error(`${what} names queue ${arn}, which is not in the stack`);
    return queue;
  };

  const router = new EventRouter(
    model.rules.map((rule) => ({
      model: rule,
      targets: rule.targets.map((target) => ({ model: target, target: createTarget(target, resources) })),
    })),
    eventLog,
    queues,
    time,
  );
  const unsubscribe = fabric.onEvent((recorded) => router.route(recorded));
  const scheduler = new RuleScheduler(model.rules, stack.region, time, (ruleArn, event) => router.fire(ruleArn, event));

  const sqsSources = model.eventSourceMappings
    .filter((mapping) => mapping.source === 'sqs')
    .map(
      (mapping) =>
        new SqsEventSource(
          mapping,
          queueOf(mapping.sourceArn, mapping.logicalId),
          runnerOf(mapping.functionName, mapping.logicalId),
          stack.region,
          time,
          log,
        ),
    );

  const tables = new DynamoDbClient({ endpoint: options.dynamoDbEndpoint, region: stack.region });
  const streams = new DynamoDbClient({
    endpoint: options.dynamoDbEndpoint,
    region: stack.region,
    targetPrefix: 'DynamoDBStreams_20120810',
  });
  const positions = new StreamPositions(options.dataDir);
  const reader = (
    consumerId: string,
    streamArn: string,
    settings: { startingPosition: 'TRIM_HORIZON' | 'LATEST'; batchSize: number },
    handle: (records: StreamRecord[], shardId: string) => Promise<boolean>,
  ) =>
    new TableStreamReader({
      consumerId,
      tableName: tableOfStream(streamArn, stack),
      declaredStreamArn: streamArn,
      ...settings,
      region: stack.region,
      tables,
      streams,
      positions,
      handle,
      onError: (error) => log(`[streams] ${consumerId}: ${error.message}`),
    });
  const streamReaders = [
    ...model.eventSourceMappings
      .filter((mapping) => mapping.source === 'dynamodb')
      .map((mapping) => {
        const source = new DynamoDbEventSource(
          mapping,
          runnerOf(mapping.functionName, mapping.logicalId),
          mapping.onFailureArn ? queueOf(mapping.onFailureArn, mapping.logicalId) : null,
          time,
          abort.signal,
        );
        return reader(mapping.logicalId, mapping.sourceArn, mapping, (records, shardId) => source.handle(records, shardId));
      }),
    ...model.pipes.map((pipeModel) => {
      const pipe = new Pipe(pipeModel, {
        enrichment: pipeModel.enrichmentArn ? runnerOf(pipeModel.enrichmentArn.split(':')[6], pipeModel.logicalId) : null,
        target: pipeModel.targetArn.includes(':event-bus/')
          ? null
          : createTarget({ arn: pipeModel.targetArn, graphQLOperation: null, roleArn: null, http: null }, resources),
        fabric,
        deadLetterQueue: pipeModel.deadLetterArn ? queueOf(pipeModel.deadLetterArn, pipeModel.logicalId) : null,
        time,
        signal: abort.signal,
        log,
      });
      return reader(pipeModel.logicalId, pipeModel.sourceArn, pipeModel, (records, shardId) => pipe.handle(records, shardId));
    }),
  ];

  // a prefix: SDKs append the operation's path ("/") to a configured endpoint
  http.routePrefix(EVENTBRIDGE_PATH, putEventsRoute(options.clientPutEvents));
  const deadLetterArns = new Set(
    [
      ...model.rules.flatMap((rule) => rule.targets.map((target) => target.deadLetterArn)),
      ...model.queues.map((queue) => queue.redrive?.deadLetterArn),
      ...model.eventSourceMappings.map((mapping) => mapping.onFailureArn),
      ...model.pipes.map((pipe) => pipe.deadLetterArn),
    ].filter((arn): arn is string => Boolean(arn)),
  );
  mountInspectionRoutes(http, { log: eventLog, queues, router, deadLetterArns });

  router.resumeInterrupted();
  scheduler.start();
  for (const source of sqsSources) source.start();
  for (const streamReader of streamReaders) streamReader.start();
  log(
    `[events] ${model.rules.length} rules, ${model.queues.length} queues, ${model.eventSourceMappings.length} event source mappings, ${model.pipes.length} pipes` +
      (time.scale === 1 ? '' : ` (time scale ${time.scale})`),
  );

  return {
    async stop() {
      unsubscribe();
      scheduler.stop();
      abort.abort();
      await Promise.all([
        router.stop(),
        ...sqsSources.map((source) => source.stop()),
        ...streamReaders.map((streamReader) => streamReader.stop()),
      ]);
      tables.close();
      streams.close();
      eventLog.flush();
      queues.flush();
      positions.flush();
    },
  };
}

/** The stack's table whose stream an ARN names (`…:table/<name>/stream/…`). */
function tableOfStream(streamArn: string, stack: StackModel): string {
  const name = /:table\/([^/]+)\/stream\//.exec(streamArn)?.[1];
  const table = stack.tables.find((candidate) => candidate.name === name);
  if (!table) throw new Error(`Stream ${streamArn} belongs to no table of the stack`);
  return table.name;
}
