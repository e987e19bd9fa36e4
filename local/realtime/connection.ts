import type { RawData, WebSocket } from 'ws';
import {
  complete,
  connectionAck,
  connectionError,
  errorMessage,
  errors,
  INVALIDATED,
  keepAlive,
  LIMITS,
  ProtocolFault,
  readClientMessage,
  startAck,
  type AppSyncWireError,
  type ClientMessage,
} from './protocol.js';
import type { SubscriptionStarter } from './subscription-start.js';
import type { ActiveSubscription, SubscriberConnection, SubscriptionRegistry } from './subscription-registry.js';

/** The outcome of the handshake credentials, decided before the connection exists. */
export type ConnectionAuth = { ok: true; subject: string | null } | { ok: false; message: string; errorCode: 400 | 401 };

export interface ConnectionSettings {
  /** replaced when a new deployment swaps in: later starts run against its schema and resolvers */
  starter: SubscriptionStarter;
  registry: SubscriptionRegistry;
  keepAliveMs: number;
  log: (line: string) => void;
}

/** A connection refused at the handshake gets this long to say something before it is closed anyway. */
const REFUSED_CONNECTION_GRACE_MS = 10_000;

/**
 * One client's WebSocket: the protocol state machine (init → ack + keep-alive, start → start_ack | error,
 * stop → complete), its subscriptions, and its end. Whatever way the connection ends, `release` takes every one
 * of its subscriptions out of the registry.
 */
export class RealtimeConnection implements SubscriberConnection {
  private readonly subscriptions = new Map<string, ActiveSubscription>();
  /** ids whose `start` is still being decided: they count against the limit and against duplicates */
  private readonly starting = new Set<string>();
  private keepAliveTimer: NodeJS.Timeout | null = null;
  private refusalTimer: NodeJS.Timeout | null = null;
  private released = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly auth: ConnectionAuth,
    private readonly request: { headers: Record<string, string | string[]>; sourceIp: string },
    private readonly settings: ConnectionSettings,
  ) {
    settings.registry.addConnection(this);
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => this.release());
    // a protocol violation (an oversized frame among them) closes the socket; 'close' follows and releases
    socket.on('error', (error) => settings.log(`[realtime] connection error: ${error.message}`));
    if (!auth.ok) this.refusalTimer = setTimeout(() => this.refuse(), REFUSED_CONNECTION_GRACE_MS).unref();
  }

  /** the signed-in user the connection belongs to (the token's `sub`), if a user opened it */
  get subject(): string | null {
    return this.auth.ok ? this.auth.subject : null;
  }

  send(message: string): void {
    if (this.released || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > LIMITS.bufferedBytes) {
      // A subscriber that stops reading would make the server hold every message for it. AppSync delivers at most
      // once and never replays, so the connection is dropped; the client sees the close and can reconnect.
      this.settings.log(`[realtime] dropping a connection that is not reading (${this.socket.bufferedAmount} bytes unsent)`);
      this.terminate();
      return;
    }
    this.socket.send(message);
  }

  invalidate(subscription: ActiveSubscription): void {
    this.send(complete(subscription.id, INVALIDATED));
    this.release();
    this.socket.close(1000, 'Subscription invalidated');
  }

  end(subscription: ActiveSubscription, errors: AppSyncWireError[]): void {
    if (this.subscriptions.get(subscription.id) !== subscription) return;
    this.subscriptions.delete(subscription.id);
    this.settings.registry.remove(subscription);
    this.send(errorMessage(errors, subscription.id));
  }

  terminate(): void {
    this.release();
    this.socket.terminate();
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (!this.auth.ok) return this.refuse();
    if (isBinary) return this.send(errorMessage([errors.binaryFrame()]));
    const message = readClientMessage(data.toString());
    if (message instanceof ProtocolFault) return this.send(errorMessage([message.error], message.id));
    this.handle(message);
  }

  private handle(message: ClientMessage): void {
    switch (message.type) {
      case 'connection_init':
        return this.acknowledge();
      case 'start':
        return void this.start(message);
      case 'stop':
        return this.stop(message.id);
    }
  }

  private acknowledge(): void {
    this.send(connectionAck);
    if (this.keepAliveTimer) return;
    this.send(keepAlive);
    this.keepAliveTimer = setInterval(() => this.send(keepAlive), this.settings.keepAliveMs).unref();
  }

  private async start(message: Extract<ClientMessage, { type: 'start' }>): Promise<void> {
    const { id } = message;
    if (this.subscriptions.has(id) || this.starting.has(id)) return this.send(errorMessage([errors.duplicatedOperation(id)], id));
    if (this.subscriptions.size + this.starting.size >= LIMITS.subscriptionsPerConnection)
      return this.send(errorMessage([errors.tooManySubscriptions()], id));
    this.starting.add(id);
    let outcome;
    try {
      outcome = await this.settings.starter.start({
        data: message.data,
        authorization: message.authorization,
        connectionHeaders: this.request.headers,
        sourceIp: this.request.sourceIp,
      });
    } catch (error) {
      this.settings.log(`[realtime] start ${id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      outcome = { subscription: null, errors: [errors.internalFailure()] };
    }
    // stopped while starting, or the connection is gone: nothing to register
    if (!this.starting.delete(id) || this.released) return;
    if (!outcome.subscription) return this.send(errorMessage(outcome.errors, id));
    const subscription: ActiveSubscription = { ...outcome.subscription, id, connection: this };
    this.subscriptions.set(id, subscription);
    this.settings.registry.add(subscription);
    this.send(startAck(id));
  }

  private stop(id: string): void {
    const subscription = this.subscriptions.get(id);
    if (subscription) {
      this.subscriptions.delete(id);
      this.settings.registry.remove(subscription);
    }
    this.starting.delete(id);
    this.send(complete(id));
  }

  /** The handshake credentials did not hold: say so once, then close. */
  private refuse(): void {
    if (this.auth.ok || this.released) return;
    this.send(connectionError(this.auth.message, this.auth.errorCode));
    this.release();
    this.socket.close(1000, 'Unauthorized');
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    if (this.refusalTimer) clearTimeout(this.refusalTimer);
    for (const subscription of this.subscriptions.values()) this.settings.registry.remove(subscription);
    this.subscriptions.clear();
    this.starting.clear();
    this.settings.registry.removeConnection(this);
  }
}
