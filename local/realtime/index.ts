import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { validate } from 'graphql';
import { WebSocketServer } from 'ws';
import type { ApiModel } from '../assembly/stack-model.js';
import type { Authenticate } from '../auth/authenticate.js';
import type { ExecutionOutcome } from '../graphql/endpoint.js';
import { RequestError } from '../common/request-error.js';
import { formatRequestValidationError } from '../graphql/errors.js';
import { buildExecutableSchema } from '../graphql/executable-schema.js';
import type { ResolverPlan } from '../graphql/field-resolver.js';
import { requestHeaders, sourceIpOf } from '../graphql/http-route.js';
import { sendJson, type HttpServer } from '../http/server.js';
import { RealtimeConnection, type ConnectionAuth } from './connection.js';
import { handshakeCredentials, offeredSubprotocols } from './handshake-credentials.js';
import { mountOutageRoute } from './outage-route.js';
import { RealtimeOutages } from './outages.js';
import { LIMITS, SUBPROTOCOL } from './protocol.js';
import { Publisher } from './publisher.js';
import { subscribersByMutation } from './subscribe-directives.js';
import { SubscriptionStarter } from './subscription-start.js';
import { SubscriptionRegistry } from './subscription-registry.js';

export interface RealtimeOptions {
  /** interval of `ka` messages; AppSync sends one about every minute */
  keepAliveMs?: number;
}

/** What real time takes from one deployment of the API; a new deployment brings new ones (`Realtime.swap`). */
export interface RealtimeApi {
  api: ApiModel;
  /** the API's resolvers: those on Subscription fields run at `start` */
  plans: Map<string, ResolverPlan>;
  authenticate: Authenticate;
}

export interface RealtimeDependencies extends RealtimeApi {
  options?: RealtimeOptions;
  log?: (line: string) => void;
}

export interface Realtime {
  /** the GraphQL route's hook: publishes what a mutation's outcome triggers */
  publish(outcome: ExecutionOutcome): void;
  stats(): { connections: number; subscriptions: number };
  /**
   * Serves a newly deployed API: later starts and publications use its schema and resolvers. Live subscriptions
   * whose operation is still valid against the new schema keep receiving; the others get an AppSync validation
   * error and end. Returns how many ended.
   */
  swap(next: RealtimeApi): number;
  close(): Promise<void>;
}

/** Amplify connects to `<endpoint>/realtime`; clients built for AppSync's own domains use `/graphql` itself. */
const REALTIME_PATHS = ['/graphql/realtime', '/graphql'];

/**
 * AppSync's GraphQL real-time endpoint on the engine's HTTP port: WebSocket upgrades on the real-time paths,
 * the publishing hook for mutations, `/_local/realtime` (live connection and subscription counts, local only) and
 * `/_local/realtime/outages` (a staged loss of one user's connection).
 */
export function mountRealtime(http: HttpServer, dependencies: RealtimeDependencies): Realtime {
  const log = dependencies.log ?? (() => {});
  const registry = new SubscriptionRegistry();
  let current = servingApi(dependencies, registry, log);
  const settings = { starter: current.starter, registry, keepAliveMs: dependencies.options?.keepAliveMs ?? 60_000, log };
  const outages = new RealtimeOutages(log);

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: LIMITS.inboundFrameBytes,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });

  const authenticateHandshake = async (req: IncomingMessage): Promise<ConnectionAuth> => {
    const credentials = handshakeCredentials(req);
    if (credentials.malformed) return { ok: false, message: 'Unable to parse the authorization header.', errorCode: 400 };
    try {
      // the connection is what IAM signs as `POST /graphql/connect` with an empty JSON body
      const caller = await current.authenticate({
        headers: credentials.headers,
        sourceIp: sourceIpOf(req),
        body: '{}',
        method: 'POST',
        path: '/graphql/connect',
      });
      return { ok: true, subject: subjectOf(caller.identity) };
    } catch (error) {
      if (!(error instanceof RequestError)) log(`[realtime] handshake authentication failed: ${String(error)}`);
      return {
        ok: false,
        message: error instanceof RequestError ? error.message : 'You are not authorized to make this call.',
        errorCode: 401,
      };
    }
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // AppSync speaks the legacy `graphql-ws` protocol only (not graphql-transport-ws)
    if (!offeredSubprotocols(req).includes(SUBPROTOCOL)) return void socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    authenticateHandshake(req)
      .then(async (auth) => {
        // a staged outage holds the user's handshake, as a network that is gone would
        if (auth.ok) await outages.cleared(auth.subject);
        return auth;
      })
      .then((auth) =>
        sockets.handleUpgrade(
          req,
          socket,
          head,
          (websocket) => new RealtimeConnection(websocket, auth, { headers: requestHeaders(req), sourceIp: sourceIpOf(req) }, settings),
        ),
      )
      .catch((error) => {
        log(`[realtime] upgrade failed: ${String(error)}`);
        socket.destroy();
      });
  };
  for (const path of REALTIME_PATHS) http.upgrade(path, upgrade);
  http.route('/_local/realtime', (_req, res) => sendJson(res, 200, registry.stats()));
  mountOutageRoute(http, outages, registry);

  return {
    publish(outcome) {
      try {
        current.publisher.publish(outcome);
      } catch (error) {
        // the mutation's caller already has its answer; a publishing fault must not reach it
        log(`[realtime] publishing failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    },
    stats: () => registry.stats(),
    swap(next) {
      const replacement = servingApi(next, registry, log);
      let ended = 0;
      for (const subscription of registry.all()) {
        const invalid = validate(replacement.schema, subscription.document);
        if (!invalid.length) continue;
        subscription.connection.end(subscription, invalid.map(formatRequestValidationError));
        ended += 1;
      }
      current = replacement;
      settings.starter = replacement.starter;
      return ended;
    },
    close: () =>
      new Promise<void>((resolve) => {
        outages.endAll();
        registry.terminateAll();
        sockets.close(() => resolve());
      }),
  };
}

/** The signed-in user behind a caller's identity (Cognito and OIDC tokens carry a `sub`). */
function subjectOf(identity: unknown): string | null {
  const sub = (identity as { sub?: unknown } | null)?.sub;
  return typeof sub === 'string' ? sub : null;
}

/** One deployment's view of subscriptions: its schema (fields without resolvers, still guarded by their directives: they read the payload they are handed), starts and publishing. */
function servingApi({ api, plans, authenticate }: RealtimeApi, registry: SubscriptionRegistry, log: (line: string) => void) {
  const modes = [api.defaultAuth.type, ...api.additionalAuth.map((provider) => provider.type)];
  const { schema } = buildExecutableSchema(api.schemaSdl, api.defaultAuth.type, modes, new Map(), api.environmentVariables);
  return {
    schema,
    authenticate,
    starter: new SubscriptionStarter(schema, plans, api.environmentVariables, authenticate),
    publisher: new Publisher(schema, subscribersByMutation(schema), registry, log),
  };
}
