/**
 * A plain AppSync real-time client for the steps: speaks the protocol frame by frame so tests can observe every
 * message (and send the frames a well-behaved client never would).
 */
import WebSocket from 'ws';

export interface ServerMessage {
  type: string;
  id?: string;
  payload?: any;
}

/** Where the handshake credentials travel: the Amplify way, the query string, or plain HTTP headers. */
export type Transport = 'subprotocol' | 'query' | 'headers';

export class RealtimeClient {
  readonly received: ServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly listeners = new Set<() => void>();

  private constructor(
    readonly socket: WebSocket,
    /** the GraphQL host, which header JSON always names */
    readonly host: string,
  ) {
    socket.on('message', (data) => {
      this.received.push(JSON.parse(data.toString()));
      for (const listener of [...this.listeners]) listener();
    });
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static open(
    graphqlUrl: string,
    auth: Record<string, string>,
    options: { transport?: Transport; path?: string; protocols?: string[] } = {},
  ): Promise<RealtimeClient> {
    const url = new URL(graphqlUrl);
    const header = { host: url.host, ...auth };
    const encoded = Buffer.from(JSON.stringify(header)).toString('base64url');
    const transport = options.transport ?? 'subprotocol';
    const target = new URL(options.path ?? '/graphql/realtime', url);
    target.protocol = 'ws:';
    if (transport === 'query')
      target.search = `?header=${encodeURIComponent(Buffer.from(JSON.stringify(header)).toString('base64'))}&payload=e30=`;
    const protocols = options.protocols ?? (transport === 'subprotocol' ? ['graphql-ws', `header-${encoded}`] : ['graphql-ws']);
    const socket = new WebSocket(target, protocols, transport === 'headers' ? { headers: auth } : {});
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new RealtimeClient(socket, url.host)));
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with HTTP ${res.statusCode}`)));
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message));
  }

  /** The first message (already received or still to come) that satisfies the predicate. */
  waitFor(predicate: (message: ServerMessage) => boolean, timeoutMs = 5000, what = 'a message'): Promise<ServerMessage> {
    const found = this.received.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.received.find(predicate);
        if (!match) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve(match);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timed out waiting for ${what}; received ${JSON.stringify(this.received).slice(0, 2000)}`));
      }, timeoutMs);
      this.listeners.add(check);
    });
  }

  /** Payloads of `data` messages for one subscription id. */
  dataOf(id: string): any[] {
    return this.received.filter((message) => message.type === 'data' && message.id === id).map((message) => message.payload);
  }

  close(): Promise<{ code: number; reason: string }> {
    this.socket.close();
    return this.closed;
  }
}

/** A connected, acknowledged client and the credentials it starts its subscriptions with. */
export interface Subscriber {
  client: RealtimeClient;
  auth: Record<string, string>;
}

/** A `start` and the server's answer to it (start_ack or error). */
export interface StartedSubscription {
  id: string;
  subscriber: Subscriber;
  outcome: ServerMessage;
}
