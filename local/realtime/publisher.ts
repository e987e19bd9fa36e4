import { executeSync, getOperationAST, Kind, type FragmentDefinitionNode, type GraphQLSchema } from 'graphql';
import type { ExecutionOutcome } from '../graphql/endpoint.js';
import { formatExecutionError } from '../graphql/errors.js';
import { publishedFields } from './mutation-payload.js';
import { dataMessage, LIMITS } from './protocol.js';
import type { ActiveSubscription, SubscriptionRegistry } from './subscription-registry.js';

/**
 * @aws_subscribe fan-out: when a mutation succeeds through the API, each subscription listening on one of its
 * root fields receives the mutation's response if its filter matches, shaped by its own selection set with the
 * field-level directives applied to the subscriber. Then the mutation's invalidateSubscriptions calls end the
 * subscriptions whose invalidation filter matches.
 */
export class Publisher {
  constructor(
    /** the API's schema with directive checks and no resolvers: each field reads the published payload */
    private readonly schema: GraphQLSchema,
    private readonly subscriptionsByMutation: Map<string, string[]>,
    private readonly registry: SubscriptionRegistry,
    private readonly log: (line: string) => void,
  ) {}

  publish(outcome: ExecutionOutcome): void {
    const mutation = outcome.mutation;
    if (!mutation) return;
    const operation = getOperationAST(mutation.document, mutation.operationName);
    if (!operation) return;
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const definition of mutation.document.definitions)
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;

    for (const { mutationField, payload } of publishedFields(operation, fragments, mutation.data ?? {})) {
      // subscribers with the same operation, variables and authorization get the same bytes: shape once per event
      const shapedOnce = new Map<string, string | null>();
      for (const subscriptionField of this.subscriptionsByMutation.get(mutationField) ?? []) {
        for (const subscription of this.registry.subscribersOf(subscriptionField)) {
          if (!subscription.matches(payload)) continue;
          let shaped = shapedOnce.get(subscription.deliveryKey);
          if (shaped === undefined) shapedOnce.set(subscription.deliveryKey, (shaped = this.shape(subscription, payload)));
          if (shaped !== null) subscription.connection.send(dataMessage(subscription.id, shaped));
        }
      }
    }

    for (const invalidation of mutation.context.invalidations) {
      for (const subscription of this.registry.subscribersOf(invalidation.subscriptionField)) {
        if (subscription.invalidatedBy?.(invalidation.payload)) subscription.connection.invalidate(subscription);
      }
    }
  }

  /** The subscriber's view of the payload as a JSON string, or null when it is too large to deliver. */
  private shape(subscription: ActiveSubscription, payload: Record<string, unknown>): string | null {
    const result = executeSync({
      schema: this.schema,
      document: subscription.document,
      operationName: subscription.operationName,
      variableValues: subscription.variables,
      rootValue: { [subscription.fieldName]: payload },
      contextValue: subscription.context,
    });
    const body: { data: unknown; errors?: unknown[] } = { data: result.data ?? null };
    if (result.errors?.length) body.errors = result.errors.map(formatExecutionError);
    const json = JSON.stringify(body);
    if (Buffer.byteLength(json) > LIMITS.payloadBytes) {
      // AppSync does not deliver messages over its payload limit; the subscription itself stays open
      this.log(
        `[realtime] ${subscription.fieldName}: a ${Buffer.byteLength(json)} byte payload exceeds ${LIMITS.payloadBytes} bytes and was dropped`,
      );
      return null;
    }
    return json;
  }
}
