/**
 * Local only: the app loads this module only when its configuration says it is served by the local engine.
 *
 * aws-amplify v6 derives the real-time URL `wss://<endpoint>/realtime` for every endpoint outside AppSync's own
 * domains, forcing TLS even for `http://127.0.0.1:4000/graphql`. The local engine serves plain WebSockets on
 * loopback, so this WebSocket class turns loopback `wss://` into `ws://` and leaves every other URL alone.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mixin pattern needs an any-args constructor
type WebSocketClass = new (...args: any[]) => object;

const LOOPBACK_TLS = /^wss:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

export function plainOnLoopback(url: string | URL): string {
  return String(url).replace(LOOPBACK_TLS, 'ws://$1$2/');
}

/** `Base` with loopback `wss://` URLs rewritten; statics (OPEN, CLOSED, ...) are inherited. */
export function loopbackWebSocket<T extends WebSocketClass>(Base: T): T {
  return class LoopbackWebSocket extends Base {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      super(plainOnLoopback(args[0]), ...args.slice(1));
    }
  };
}

/** Makes `scope.WebSocket` (window, or globalThis in Node) the loopback-rewriting class. */
export function installLoopbackWebSocket(scope: { WebSocket?: unknown }, Base: WebSocketClass): void {
  scope.WebSocket = loopbackWebSocket(Base);
}
