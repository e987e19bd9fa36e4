import type { ApiModel, StackModel } from '../assembly/stack-model.js';
import type { PutEventsPublisher } from '../common/put-events.js';
import type { DynamoDbClient } from '../dynamodb/client.js';
import type { LambdaRunner } from '../lambda/runner.js';
import { createDynamoDbDataSource } from './dynamodb/index.js';
import { createEventBridgeDataSource } from './eventbridge.js';
import { createLambdaDataSource } from './lambda.js';
import { noneDataSource } from './none.js';
import type { DataSource } from './types.js';

/** What the data sources reach outside the deployment: the store, the buses, and the secret that signs page tokens. */
export interface DataSourceHost {
  client: DynamoDbClient;
  clientPutEvents: PutEventsPublisher;
  tokenSecret: string;
}

/** The API's data sources by name, each on the engine's own implementation of its type. */
export function dataSourcesOf(
  api: ApiModel,
  stack: StackModel,
  host: DataSourceHost,
  runners: Map<string, LambdaRunner>,
): Map<string, DataSource> {
  const dataSources = new Map<string, DataSource>();
  for (const model of api.dataSources.values()) {
    switch (model.type) {
      case 'NONE':
        dataSources.set(model.name, noneDataSource);
        break;
      case 'AMAZON_DYNAMODB':
        dataSources.set(
          model.name,
          createDynamoDbDataSource({
            client: host.client,
            tableName: model.tableName!,
            region: stack.region,
            tokenSecret: host.tokenSecret,
          }),
        );
        break;
      case 'AMAZON_EVENTBRIDGE':
        dataSources.set(model.name, createEventBridgeDataSource(host.clientPutEvents, model.eventBusName!));
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
  return dataSources;
}
