// Servers the benchmark measures, each started in its own process so the load generator does not share its
// event loop: `engine <assemblyDir> <dynamoDbEndpoint>`, `product <assemblyDir> <dynamoDbEndpoint>` (the product's
// assembly, with its user pool and the benchmark's users), `engine-layers <assemblyDir> <dynamoDbEndpoint>`
// (bench/query-layers.ts) or `bare-graphql`. Prints one JSON line when ready.
import { createServer } from 'node:http';
import { buildSchema, execute, parse, validate } from 'graphql';
import { createAuthenticator } from '../local/auth/authenticate.js';
import { LOCAL_MANUFACTURER_SECRETS } from '../local/dev/products.js';
import { startEngine } from '../local/engine.js';
import type { ExecutionOutcome } from '../local/graphql/endpoint.js';
import { GraphQLEndpoint } from '../local/graphql/endpoint.js';
import { buildExecutableSchema } from '../local/graphql/executable-schema.js';
import { graphqlRoute } from '../local/graphql/http-route.js';
import { HttpServer, sendJson, type RouteHandler } from '../local/http/server.js';
import { BENCH_USERS } from './redemption-users.js';

const [kind, assemblyDir, dynamoDbEndpoint] = process.argv.slice(2);
// the benchmark stops its servers with SIGTERM: exit normally, so `node --cpu-prof` writes its profiles
process.once('SIGTERM', () => process.exit(0));

if (kind === 'engine') {
  const engine = await startEngine({ assemblyDir, dataDir: null, port: 0, dynamoDbEndpoint });
  console.log(JSON.stringify({ url: engine.url, apiKey: engine.apiKeys[0].value }));
} else if (kind === 'product') {
  const engine = await startEngine({
    assemblyDir,
    dataDir: null,
    port: 0,
    dynamoDbEndpoint,
    users: BENCH_USERS,
    secrets: LOCAL_MANUFACTURER_SECRETS,
  });
  const pool = engine.stack.userPools[0];
  const userPool = { endpoint: engine.url.replace('/graphql', `/local-cognito/${pool.id}`), clientId: pool.clientIds[0] };
  console.log(JSON.stringify({ url: engine.url, apiKey: engine.apiKeys[0].value, userPool }));
} else if (kind === 'engine-layers') {
  // The engine's query path taken apart, each layer on its own port in the engine's process: the HTTP server with a
  // fixed answer; the GraphQL route (body, API key, headers) with a fixed execution; the API's schema (AppSync's
  // scalars and auth rules) with no resolver bound; and the engine itself. What one layer adds is its cost.
  const engine = await startEngine({ assemblyDir, dataDir: null, port: 0, dynamoDbEndpoint });
  const { api } = engine;
  const authenticate = createAuthenticator(api, { apiKeys: engine.apiKeys });
  const modes = [api.defaultAuth.type, ...api.additionalAuth.map((provider) => provider.type)];
  const unresolved = new GraphQLEndpoint(buildExecutableSchema(api.schemaSdl, api.defaultAuth.type, modes, new Map(), {}));
  const fixed: ExecutionOutcome = { response: { data: { ping: 'pong' } }, responseHeaders: {} };
  const layers: Record<string, RouteHandler> = {
    http: (_req, res) => sendJson(res, 200, fixed.response),
    route: graphqlRoute({ execute: async () => fixed } as unknown as GraphQLEndpoint, authenticate),
    schema: graphqlRoute(unresolved, authenticate),
  };
  const urls: Record<string, string> = { engine: engine.url };
  for (const [name, handler] of Object.entries(layers)) {
    const http = new HttpServer();
    http.route('/graphql', handler);
    urls[name] = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}/graphql`;
  }
  console.log(JSON.stringify({ urls, apiKey: engine.apiKeys[0].value }));
} else if (kind === 'bare-graphql' || kind === 'bare-graphql-cached') {
  // The reference point: graphql-js answering a trivial query with nothing else in the way. Plain graphql-js
  // servers parse and validate every request; the cached variant keeps the validated document, as the engine does.
  const schema = buildSchema('type Query { health: String }');
  const rootValue = { health: () => 'OK' };
  const cache = new Map<string, ReturnType<typeof parse>>();
  const prepare = (query: string) => {
    const cached = kind === 'bare-graphql-cached' ? cache.get(query) : undefined;
    if (cached) return { document: cached, errors: [] };
    const document = parse(query);
    const errors = validate(schema, document);
    if (!errors.length && kind === 'bare-graphql-cached') cache.set(query, document);
    return { document, errors };
  };
  const answer = async (raw: string) => {
    const { query } = JSON.parse(raw);
    const { document, errors } = prepare(query);
    return JSON.stringify(errors.length ? { errors } : await execute({ schema, document, rootValue }));
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      answer(Buffer.concat(chunks).toString()).then(
        (body) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body),
        // a request that is not JSON still gets an answer, so the load generator does not wait for it forever
        (error: unknown) => res.writeHead(400).end(String(error)),
      );
    });
  });
  server.listen(0, '127.0.0.1', () =>
    console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql` })),
  );
} else {
  console.error('usage: servers.ts engine|product|engine-layers <assemblyDir> <dynamoDbEndpoint> | bare-graphql | bare-graphql-cached');
  process.exit(2);
}
