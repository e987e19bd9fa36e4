import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { readCloudAssembly } from './assembly/cloud-assembly.js';
import { buildStackModel } from './assembly/stack-model.js';
import { createLocalUserPool } from './auth/cognito/index.js';
import { ensureWebBuild } from './dev/web-build.js';
import { webApp } from './dev/web-app.js';
import { startEngine } from './engine.js';
import { eventsCommand } from './events/events-command.js';
import { startBanner } from './dev/banner.js';
import { localStageContext } from './dev/stage-context.js';
import { startOutsideWorld } from './dev/outside-world/server.js';
import { seedPartnerWebhook } from './dev/partner-webhook.js';
import { LOCAL_MANUFACTURER_SECRETS, seedProducts } from './dev/products.js';
import { LOCAL_USERS } from './dev/users.js';
import { watchResolvers } from './dev/watch-resolvers.js';
import { evaluateCode } from './runtime/evaluate.js';
import { synthesize } from './synth.js';

const root = path.resolve(import.meta.dirname, '..');
/** What the CDK app (infra/app.ts) reads: its code, the code it bundles, the schema, and the pinned dependencies. */
const SYNTH_INPUTS = ['infra', 'resolvers', 'functions', 'schema', 'codegen', 'cdk.json', 'package-lock.json', 'tsconfig.json'];

async function start(): Promise<void> {
  const port = Number(process.env.PORT ?? 4000);
  // first: the stack's third-party URLs (CRM, partner webhooks, mail) point here from the start
  const outsideWorld = await startOutsideWorld({ port: Number(process.env.OUTSIDE_WORLD_PORT ?? 4010) });
  console.log(`[start] the outside world (CRM, partner webhooks, mail) stands in at ${outsideWorld.url}`);
  console.log('[start] synthesizing the CDK app (cdk.out is what `cdk deploy` would deploy; reused while nothing it reads has changed)...');
  // warm starts reuse cdk.out when nothing the CDK app reads (files and context) has changed since it was synthesized
  const assemblyDir = await synthesize({
    context: localStageContext(outsideWorld.url),
    inputs: SYNTH_INPUTS,
  });
  const web = webApp({ distDir: await ensureWebBuild((line) => console.log(line)), outsideWorld: outsideWorld.url });
  const engine = await startEngine({
    assemblyDir,
    dataDir: path.join(root, '.local/data'),
    port,
    users: LOCAL_USERS,
    secrets: LOCAL_MANUFACTURER_SECRETS,
    log: (line) => console.log(line),
    site: web,
  });
  const partnerPool = engine.stack.userPools[0] && engine.userPools.get(engine.stack.userPools[0].id);
  const webhook = partnerPool
    ? await seedPartnerWebhook(engine.url, (await partnerPool.mintTokens('partner')).idToken, outsideWorld.url)
    : null;
  // the catalog, upserted through the API as an admin would (idempotent: every start may do it)
  const products = partnerPool ? await seedProducts(engine.url, (await partnerPool.mintTokens('admin')).accessToken) : 'not seeded';
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
  console.log('[start] watching resolvers/: edits are re-bundled and swapped in while the engine runs');
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n[start] stopping...');
    watcher.close();
    await engine.stop();
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

function evaluate(argv: string[]): void {
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
else if (command === 'evaluate-code') evaluate(rest);
else if (command === 'events') process.exitCode = await eventsCommand(rest, Number(process.env.PORT ?? 4000), (line) => console.log(line));
else {
  console.error(
    'usage: local/cli.ts start | tokens [username] | evaluate-code --code <file> --context <json> --function request|response | events list|trace|dlq|redrive|emails',
  );
  process.exit(2);
}
