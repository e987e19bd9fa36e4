import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureWebBuild } from './dev/web-build.js';
import { localStageContext } from './dev/stage-context.js';
import { startOutsideWorld } from './dev/outside-world/server.js';
import { LOCAL_MANUFACTURER_SECRETS, seedProducts } from './dev/products.js';
import { LOCAL_USERS } from './dev/users.js';
import { launchDynamoDbLocal, QUICK_START_JVM_ARGS } from './dynamodb/launcher.js';
import { synthesize } from './synth.js';

// The engine and what only one command needs are imported when that command runs: loading the engine takes
// seconds on a busy machine, and `npm start` spends them while DynamoDB Local's JVM starts.

const root = path.resolve(import.meta.dirname, '..');
/** What the CDK app (infra/app.ts) reads: its code, the code it bundles, the schema, and the pinned dependencies. */
const SYNTH_INPUTS = ['infra', 'resolvers', 'functions', 'schema', 'codegen', 'cdk.json', 'package-lock.json', 'tsconfig.json'];
/** What `npm start` re-synthesizes for while it runs (resolvers/ has its own, faster, watch mode). */
const INFRA_INPUTS = ['schema', 'infra', 'functions', 'cdk.json'];

async function start(): Promise<void> {
  const port = Number(process.env.PORT ?? 4000);
  const dataDir = path.join(root, '.local/data');
  // The JVM needs seconds to start: it starts first, while the engine loads and cdk.out is checked (or synthesized).
  const dynamoDb = await launchDynamoDbLocal({ dataDir: path.join(dataDir, 'dynamodb'), jvmArgs: QUICK_START_JVM_ARGS });
  dynamoDb.ready.catch(() => {}); // the engine awaits it; a failure is reported there
  const loading = Promise.all([
    import('./engine.js'),
    import('./dev/web-app.js'),
    import('./dev/banner.js'),
    import('./dev/partner-webhook.js'),
    import('./dev/watch-infra.js'),
    import('./dev/watch-resolvers.js'),
  ]);
  // first: the stack's third-party URLs (CRM, partner webhooks, mail) point here from the start
  const outsideWorld = await startOutsideWorld({ port: Number(process.env.OUTSIDE_WORLD_PORT ?? 4010) });
  console.log(`[start] the outside world (CRM, partner webhooks, mail) stands in at ${outsideWorld.url}`);
  console.log('[start] synthesizing the CDK app (cdk.out is what `cdk deploy` would deploy; reused while nothing it reads has changed)...');
  // warm starts reuse cdk.out when nothing the CDK app reads (files and context) has changed since it was synthesized
  const synth = () => synthesize({ context: localStageContext(outsideWorld.url), inputs: SYNTH_INPUTS });
  const assemblyDir = await synth();
  const distDir = await ensureWebBuild((line) => console.log(line));
  const [{ startEngine }, { webApp }, { startBanner }, { seedPartnerWebhook }, { watchInfra }, { isBundled, watchResolvers }] =
    await loading;
  const web = webApp({ distDir, outsideWorld: outsideWorld.url });
  const engine = await startEngine({
    assemblyDir,
    dataDir,
    dynamoDbEndpoint: dynamoDb.endpoint,
    dynamoDbReady: dynamoDb.ready.then(() => console.log(`[start] DynamoDB Local on ${dynamoDb.endpoint} (persisted in .local/data)`)),
    port,
    users: LOCAL_USERS,
    secrets: LOCAL_MANUFACTURER_SECRETS,
    log: (line) => console.log(line),
    site: web,
  });
  const partnerPool = engine.stack.userPools[0] && engine.userPools.get(engine.stack.userPools[0].id);
  // acme's webhook and the catalog, upserted through the API as a partner and an admin would (idempotent: every
  // start may do it), side by side
  const [webhook, products] = partnerPool
    ? await Promise.all([
        partnerPool.mintTokens('partner').then(({ idToken }) => seedPartnerWebhook(engine.url, idToken, outsideWorld.url)),
        partnerPool.mintTokens('admin').then(({ accessToken }) => seedProducts(engine.url, accessToken)),
      ])
    : [null, 'not seeded'];
  const pool = engine.stack.userPools[0];
  const region = engine.stack.region;
  const userPoolEndpoint = engine.url.replace('/graphql', `/local-cognito/${pool?.id}`);
  const { accessKeyId, secretAccessKey } = engine.iam.developer;
  web.configure({
    endpoint: engine.url,
    region,
    apiKey: engine.apiKeys[0]?.value,
    userPool: pool && { userPoolId: pool.id, userPoolClientId: pool.clientIds[0], userPoolEndpoint },
    local: {
      users: LOCAL_USERS.map((user) => ({ username: user.username, password: user.password, groups: user.groups ?? [] })),
      iam: { accessKeyId, secretAccessKey },
    },
  });
  console.log(startBanner(engine, { users: LOCAL_USERS, outsideWorldUrl: outsideWorld.url, partnerWebhook: webhook, products }));
  // watch mode: an edited resolver (or a helper it imports) runs on the next request, no restart
  const watcher = watchResolvers(path.join(root, 'resolvers'), engine.resolverCode, (line) => console.log(line));
  // and the schema and infrastructure: a change re-synthesizes and the engine swaps the new assembly in place
  const infraWatcher = watchInfra({
    root,
    paths: INFRA_INPUTS,
    also: { path: 'resolvers', when: (file) => !isBundled(file, engine.resolverCode) },
    synthesize: synth,
    swap: (dir) => engine.swap(dir),
    log: (line) => console.log(line),
  });
  console.log(
    `[start] watching resolvers/ (re-bundled and swapped in) and ${INFRA_INPUTS.join(', ')} (re-synthesized and swapped in, same port, data and subscriptions)`,
  );
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n[start] stopping...');
    watcher.close();
    infraWatcher.close();
    await engine.stop();
    await dynamoDb.stop();
    await outsideWorld.stop();
    process.exit(0);
  };
  const onSignal = () => {
    shutdown().catch((error: unknown) => {
      console.error('[start] stopping failed:', error);
      process.exit(1);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function evaluate(argv: string[]): Promise<void> {
  const { evaluateCode } = await import('./runtime/evaluate.js');
  const { values } = parseArgs({
    args: argv,
    options: { code: { type: 'string' }, context: { type: 'string' }, function: { type: 'string', default: 'request' } },
  });
  if (!values.code) {
    console.error(
      'usage: npm run evaluate-code -- --code <file.ts|file.js> [--context <context.json>|<json>] [--function request|response]',
    );
    process.exit(2);
  }
  const contextText = values.context
    ? values.context.trim().startsWith('{')
      ? values.context
      : readFileSync(values.context, 'utf8')
    : '{}';
  const fn = values.function === 'response' ? 'response' : 'request';
  const result = evaluateCode({
    code: readFileSync(values.code, 'utf8'),
    fileName: values.code,
    context: JSON.parse(contextText),
    function: fn,
  });
  console.log(JSON.stringify(result, null, 2));
  if (result.error) process.exitCode = 1;
}

/** Mints tokens for a local user with the running pool's own key (same data folder), for curl and scripts. */
async function tokens(argv: string[]): Promise<void> {
  const [{ readCloudAssembly }, { buildStackModel }, { createLocalUserPool }] = await Promise.all([
    import('./assembly/cloud-assembly.js'),
    import('./assembly/stack-model.js'),
    import('./auth/cognito/index.js'),
  ]);
  const username = argv[0] ?? 'customer';
  const port = Number(process.env.PORT ?? 4000);
  const [stack] = readCloudAssembly(path.join(root, 'cdk.out')).map(buildStackModel);
  const poolModel = stack.userPools[0];
  if (!poolModel) throw new Error('The stack has no Cognito user pool');
  const pool = await createLocalUserPool({
    userPoolId: poolModel.id,
    clientIds: poolModel.clientIds,
    region: stack.region,
    dataDir: path.join(root, '.local/data/cognito', poolModel.id),
    issuerBaseUrl: `http://127.0.0.1:${port}/local-cognito`,
    users: LOCAL_USERS,
  });
  const minted = await pool.mintTokens(username);
  console.log(JSON.stringify({ username, idToken: minted.idToken, accessToken: minted.accessToken, expiresIn: minted.expiresIn }, null, 2));
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'start') await start();
else if (command === 'tokens') await tokens(rest);
else if (command === 'evaluate-code') await evaluate(rest);
else if (command === 'events')
  process.exitCode = await (
    await import('./events/events-command.js')
  ).eventsCommand(rest, Number(process.env.PORT ?? 4000), (line) => console.log(line));
else {
  console.error(
    'usage: local/cli.ts start | tokens [username] | evaluate-code --code <file> --context <json> --function request|response | events list|trace|dlq|redrive|emails',
  );
  process.exit(2);
}
