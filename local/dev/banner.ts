import type { DeclaredUser } from '../auth/cognito/index.js';
import type { RunningEngine } from '../engine.js';
import { LOCAL_PARTNER_WEBHOOK_SECRET } from './partner-webhook.js';
import { localManufacturers } from './products.js';

/** What each seeded user is for, in the banner. */
const USER_ROLES: Record<string, string> = {
  customer: 'a customer',
  customer2: 'a second customer (for "only my own data" checks)',
  admin: 'uploads and publishes rewards',
  partner: 'acts for issuer acme (custom:issuerId)',
};

export interface BannerContext {
  /** the users the local pool was seeded with */
  users: DeclaredUser[];
  outsideWorldUrl: string;
  /** where acme's webhook was pointed, or why it was not */
  partnerWebhook: string | null;
  /** which products were seeded, or why not */
  products: string;
}

/** What `npm start` prints once everything runs: endpoints, keys, the seeded users and how to try each path. */
export function startBanner(engine: RunningEngine, { users, outsideWorldUrl, partnerWebhook, products }: BannerContext): string {
  const apiKey = engine.apiKeys[0]?.value ?? '(the API has no API key)';
  const pool = engine.stack.userPools[0];
  const region = engine.stack.region;
  const userPoolEndpoint = engine.url.replace('/graphql', `/local-cognito/${pool?.id}`);
  const { accessKeyId, secretAccessKey } = engine.iam.developer;
  return `
Loyalty Graph is running locally.
  Web app            ${engine.url.replace('/graphql', '')}/            sign in as customer or admin (passwords below)
  GraphQL explorer   ${engine.url}     in a browser: GraphiQL with API key, user and IAM auth modes
  Local console      ${engine.url.replace('/graphql', '')}/console     events, rules matched, target outcomes, DLQs, emails, captured calls
  GraphQL endpoint   ${engine.url}
  Real-time          ${engine.url.replace('http://', 'ws://')}/realtime
  Region             ${region}
  API key            ${apiKey}

  Try it:
    curl -s ${engine.url} -H 'x-api-key: ${apiKey}' -H 'content-type: application/json' \\
      -d '{"query":"{ health { status time } rewards { items { id title pointsCost } } }"}'

  Signed-in users (local Cognito user pool ${pool?.id ?? '(none)'}):
${users.map((user) => `    ${user.username.padEnd(10)} password ${user.password.padEnd(16)} groups ${(user.groups ?? []).join(',').padEnd(9)} ${USER_ROLES[user.username] ?? ''}`).join('\n')}
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

  The outside world (CRM API, partner webhooks, mail API) ${outsideWorldUrl}
    what it received:  curl -s ${outsideWorldUrl}/_received            (?path=/crm to narrow it)
    stage an outage:   curl -s ${outsideWorldUrl}/_outage -d '{"pathPrefix":"/partners/acme","status":503,"forMs":60000}'
    acme's webhook:    ${partnerWebhook ?? 'not seeded'} (X-Loyalty-Signature, HMAC-SHA256 with '${LOCAL_PARTNER_WEBHOOK_SECRET}')
    manufacturers:     ${localManufacturers(outsideWorldUrl)
      .map((manufacturer) => `${manufacturer.id} (${manufacturer.format}) ${manufacturer.endpoint}`)
      .join(', ')}
    products:          ${products}
    sent mail (SES):   npm run events -- emails        one registration's choreography:  npm run events -- trace <registrationId>
    rehearse a fault:  curl -s ${engine.url.replace('/graphql', '/_local/faults')} -d '{"kind":"lambda.crash","functionName":"LoyaltyLedger"}'

  Data persists in .local/data. Ctrl-C stops everything, DynamoDB Local included.
`;
}
