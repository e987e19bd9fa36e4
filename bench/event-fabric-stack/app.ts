import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';

/** The event benchmark's stack: one rule → one Lambda, one rule → one queue → the same Lambda (via a mapping). */
const app = new App();
const stack = new Stack(app, 'EventBench');
const bus = new events.EventBus(stack, 'Bus', { eventBusName: 'event-bench' });
const sink = new lambda.Function(stack, 'Sink', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromAsset(path.join(import.meta.dirname, 'sink')),
  environment: { BENCH_SINK_PORT: process.env.BENCH_SINK_PORT ?? '0' },
});
const queue = new sqs.Queue(stack, 'Queue');
sink.addEventSource(new SqsEventSource(queue, { batchSize: 10 }));
new events.Rule(stack, 'ToLambda', {
  eventBus: bus,
  eventPattern: { source: ['bench.lambda'] },
  targets: [new targets.LambdaFunction(sink)],
});
new events.Rule(stack, 'ToQueue', { eventBus: bus, eventPattern: { source: ['bench.queue'] }, targets: [new targets.SqsQueue(queue)] });
// the engine serves one AppSync API per stack
new appsync.GraphqlApi(stack, 'Api', {
  name: 'event-bench',
  definition: appsync.Definition.fromSchema(appsync.SchemaFile.fromAsset(path.join(import.meta.dirname, 'schema.graphql'))),
  authorizationConfig: {
    defaultAuthorization: { authorizationType: appsync.AuthorizationType.API_KEY, apiKeyConfig: { expires: undefined } },
  },
})
  .addNoneDataSource('None')
  .createResolver('QueryPing', {
    typeName: 'Query',
    fieldName: 'ping',
    runtime: appsync.FunctionRuntime.JS_1_0_0,
    code: appsync.Code.fromInline('export function request() { return {}; }\nexport function response() { return "pong"; }'),
  });
app.synth();
