import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { readCloudAssembly } from './assembly/cloud-assembly.js';
import { buildStackModel } from './assembly/stack-model.js';
import { createLocalUserPool } from './auth/cognito/index.js';
import { startEngine } from './engine.js';
import { eventsCommand } from './events/events-command.js';
import { startOutsideWorld } from './outside-world/server.js';
import { LOCAL_PARTNER_WEBHOOK_SECRET, seedPartnerWebhook } from './seed/partner-webhook.js';
import { LOCAL_MANUFACTURER_SECRETS, localManufacturers, seedProducts } from './seed/products.js';
import { LOCAL_USERS } from './seed/users.js';
import { evaluateCode } from './runtime/evaluate.js';
import { synthesize } from './synth.js';

const root = path.resolve(import.meta.dirname, '..');

/** What each seeded user is for, in the banner. */
const USER_ROLES: Record<string, string> = {
  customer: 'a customer',
  customer2: 'a second customer (for "only my own data" checks)',
  admin: 'uploads and publishes rewards',
  partner: 'acts for issuer acme (custom:issuerId)',
};

async function start(): Promise<void> {
  const port = Number(process.env.PORT ?? 4000);
  // first: the stack's third-party URLs (CRM, partner webhooks, mail) point here from the start
  const outsideWorld = await startOutsideWorld({ port: Number(process.env.OUTSIDE_WORLD_PORT ?? 4010) });
  console.log(`[start] the outside world (CRM, partner webhooks, mail) stands in at ${outsideWorld.url}`);
  console.log('[start] synthesizing the CDK app (cdk.out is what `cdk deploy` would deploy)...');
  const assemblyDir = await synthesize({
    context: { crmApiUrl: `${outsideWorld.url}/crm/tickets`, manufacturers: JSON.stringify(localManufacturers(outsideWorld.url)) },
  });
  const engine = await startEngine({
    assemblyDir,
    dataDir: path.join(root, '.local/data'),
    port,
    secrets: LOCAL_MANUFACTURER_SECRETS,
    log: (line) => console.log(line),
  });
  const partnerPool = engine.stack.userPools[0] && engine.userPools.get(engine.stack.userPools[0].id);
  const webhook = partnerPool
    ? await seedPartnerWebhook(engine.url, (await partnerPool.mintTokens('partner')).idToken, outsideWorld.url)
    : null;
  const products = partnerPool ? await seedProducts(engine.url, (await partnerPool.mintTokens('admin')).accessToken) : 'not seeded';
  const apiKey = engine.apiKeys[0]?.value ?? '(the API has no API key)';
  const pool = engine.stack.userPools[0];
  const region = engine.stack.region;
  const userPoolEndpoint = engine.url.replace('/graphql', `/local-cognito/${pool?.id}`);
  const { accessKeyId, secretAccessKey } = engine.iam.developer;
  console.log(`
Loyalty Graph is running locally.
  GraphQL endpoint   ${engine.url}
  Real-time          ${engine.url.replace('http://', 'ws://')}/realtime
  Region             ${region}
  API key            ${apiKey}

  Try it:
    curl -s ${engine.url} -H 'x-api-key: ${apiKey}' -H 'content-type: application/json' \\
      -d '{"query":"{ health { status time } rewards { items { id title pointsCost } } }"}'

  Signed-in users (local Cognito user pool ${pool?.id ?? '(none)'}):
${LOCAL_USERS.map((user) => `    ${user.username.padEnd(10)} password ${user.password.padEnd(16)} groups ${(user.groups ?? []).join(',').padEnd(9)} ${USER_ROLES[user.username] ?? ''}`).join('\n')}
    from curl:     npm run tokens -- customer2     then  -H "authorization: <accessToken or idToken>"
    from the web:  Amplify.configure({ Auth: { Cognito: { userPoolEndpoint: '${userPoolEndpoint}',
                     userPoolId: '${pool?.id ?? '-'}', userPoolClientId: '${pool?.clientIds[0] ?? '-'}' } },
                   API: { GraphQL: { endpoint: '${engine.url}', region: '${region}', defaultAuthMode: 'userPool' } } })
                   then signIn({ username: 'customer', password: 'Customer-pass-1' })

  IAM (AWS_IAM; local IAM user ${engine.iam.developer.userArn}):
    access key ${accessKeyId}   secret ${secretAccessKey}
    from curl:     curl -s ${engine.url} --aws-sigv4 'aws:amz:${region}:appsync' --user '${accessKeyId}:${secretAccessKey}' \\
                     -H 'content-type: application/json' -d '{"query":"{ health { status } }"}'
    from the web:  authMode 'iam' with these keys via Amplify.configure's libraryOptions.Auth.credentialsProvider
                   (there is no local identity pool); Lambda functions get their own role credentials.

  The outside world (CRM API, partner webhooks, mail API) ${outsideWorld.url}
    what it received:  curl -s ${outsideWorld.url}/_received            (?path=/crm to narrow it)
    stage an outage:   curl -s ${outsideWorld.url}/_outage -d '{"pathPrefix":"/partners/acme","status":503,"forMs":60000}'
    acme's webhook:    ${webhook ?? 'not seeded'} (X-Loyalty-Signature, HMAC-SHA256 with '${LOCAL_PARTNER_WEBHOOK_SECRET}')
    manufacturers:     ${localManufacturers(outsideWorld.url)
      .map((manufacturer) => `${manufacturer.id} (${manufacturer.format}) ${manufacturer.endpoint}`)
      .join(', ')}
    products:          ${products}
    sent mail (SES):   npm run events -- emails        a registration's choreography:  npm run events -- trace <registrationId>
    rehearse a fault:  curl -s ${engine.url.replace('/graphql', '/_local/faults')} -d '{"kind":"lambda.crash","functionName":"LoyaltyLedger"}'

  Data persists in .local/data. Ctrl-C stops everything, DynamoDB Local included.
`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n[start] stopping...');
    await engine.stop();
    await outsideWorld.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
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
