import type { ApiDestinationModel, RuleTargetModel } from '../../assembly/event-fabric-model.js';
import type { LambdaRunner } from '../../lambda/runner.js';
import type { Queues } from '../../queues/queues.js';
import type { EventFabric } from '../fabric.js';
import { apiDestinationTarget } from './api-destination.js';
import { appSyncTarget, type GraphQLExecutor } from './appsync.js';
import { eventBusTarget } from './event-bus.js';
import { lambdaTarget } from './lambda.js';
import { sqsTarget } from './sqs.js';
import type { DeliveryTarget } from './types.js';

export { TargetFailure, type DeliveryTarget } from './types.js';
export type { GraphQLExecutor } from './appsync.js';

export interface TargetResources {
  runners: Map<string, LambdaRunner>;
  queues: Queues;
  fabric: EventFabric;
  apiDestinations: ApiDestinationModel[];
  secrets: Record<string, string>;
  executeGraphQL: GraphQLExecutor;
}

/** The target a declared ARN names: a Lambda function, queue, bus, AppSync API or API destination of the stack. */
export function createTarget(
  target: Pick<RuleTargetModel, 'arn' | 'graphQLOperation' | 'roleArn' | 'http'>,
  resources: TargetResources,
): DeliveryTarget {
  const { arn } = target;
  const [, , service] = arn.split(':');
  switch (service) {
    case 'lambda': {
      const name = arn.split(':')[6];
      const runner = resources.runners.get(name);
      if (runner) return lambdaTarget(arn, runner);
      break;
    }
    case 'sqs': {
      const queue = resources.queues.find(arn);
      if (queue) return sqsTarget(queue);
      break;
    }
    case 'events': {
      if (arn.includes(':event-bus/')) return eventBusTarget(arn, resources.fabric);
      const destination = resources.apiDestinations.find((candidate) => candidate.arn === arn);
      if (destination) return apiDestinationTarget(destination, target.http, resources.secrets);
      break;
    }
    case 'appsync':
      if (!target.graphQLOperation) throw new Error(`AppSync target ${arn} has no AppSyncParameters.GraphQLOperation`);
      return appSyncTarget(arn, target.graphQLOperation, target.roleArn, resources.executeGraphQL);
  }
  throw new Error(
    `Target ${arn} is not a resource the local engine runs (Lambda functions, SQS queues, event buses, AppSync APIs and API destinations of the stack)`,
  );
}
