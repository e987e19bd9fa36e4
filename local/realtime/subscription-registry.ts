import type { DocumentNode } from 'graphql';
import type { RequestContext } from '../graphql/field-resolver.js';
import type { PayloadPredicate } from './filters.js';
import type { AppSyncWireError } from './protocol.js';

/** What the registry needs from the connection a subscription lives on. */
export interface SubscriberConnection {
  /** the signed-in user who opened it (their token's `sub`); null for API keys and IAM */
  readonly subject: string | null;
  /** sends one serialized message; the connection applies its own backpressure policy */
  send(message: string): void;
  /** ends the subscription as invalidated and closes the connection, as AppSync does */
  invalidate(subscription: ActiveSubscription): void;
  /** ends one subscription with an `error` message (its field is gone from a newly deployed schema); the connection stays */
  end(subscription: ActiveSubscription, errors: AppSyncWireError[]): void;
  /** drops the connection at once (server shutdown) */
  terminate(): void;
}

/** A started subscription: everything publishing needs, computed once at `start`. */
export interface ActiveSubscription {
  id: string;
  connection: SubscriberConnection;
  /** the Subscription field it listens on */
  fieldName: string;
  document: DocumentNode;
  operationName: string | null;
  variables: Record<string, unknown>;
  /** the subscriber's identity, for field-level authorization of each delivery */
  context: RequestContext;
  matches: PayloadPredicate;
  /** set by extensions.setSubscriptionInvalidationFilter at start */
  invalidatedBy: PayloadPredicate | null;
  /** subscribers with the same key receive the same payload for the same event: it is shaped once */
  deliveryKey: string;
}

/** Every live subscription and connection of one API, indexed by Subscription field for publishing. */
export class SubscriptionRegistry {
  private readonly byField = new Map<string, Set<ActiveSubscription>>();
  private readonly connections = new Set<SubscriberConnection>();
  private subscriptionCount = 0;

  addConnection(connection: SubscriberConnection): void {
    this.connections.add(connection);
  }

  removeConnection(connection: SubscriberConnection): void {
    this.connections.delete(connection);
  }

  add(subscription: ActiveSubscription): void {
    let subscribers = this.byField.get(subscription.fieldName);
    if (!subscribers) this.byField.set(subscription.fieldName, (subscribers = new Set()));
    subscribers.add(subscription);
    this.subscriptionCount++;
  }

  remove(subscription: ActiveSubscription): void {
    const subscribers = this.byField.get(subscription.fieldName);
    if (!subscribers?.delete(subscription)) return;
    this.subscriptionCount--;
    if (subscribers.size === 0) this.byField.delete(subscription.fieldName);
  }

  /** a snapshot, so deliveries that end subscriptions do not disturb the iteration */
  subscribersOf(fieldName: string): ActiveSubscription[] {
    return [...(this.byField.get(fieldName) ?? [])];
  }

  /** a snapshot of every live subscription */
  all(): ActiveSubscription[] {
    return [...this.byField.values()].flatMap((subscribers) => [...subscribers]);
  }

  stats(): { connections: number; subscriptions: number } {
    return { connections: this.connections.size, subscriptions: this.subscriptionCount };
  }

  terminateAll(): void {
    for (const connection of [...this.connections]) connection.terminate();
  }

  /** Drops the connections `subject` opened, as a network that goes away would; how many there were. */
  terminateConnectionsOf(subject: string): number {
    const theirs = [...this.connections].filter((connection) => connection.subject === subject);
    for (const connection of theirs) connection.terminate();
    return theirs.length;
  }
}
