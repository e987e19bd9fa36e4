import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';

/**
 * The one bus every domain publishes its events to and every consumer subscribes on, named after the stack
 * (`<stack>-events`) so producers find it from configuration alone.
 */
export class DomainEventBus extends events.EventBus {
  constructor(scope: Construct, id: string) {
    super(scope, id, { eventBusName: `${Stack.of(scope).stackName}-events` });
  }
}
