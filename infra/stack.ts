import * as path from 'node:path';
import { Duration, Expiration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { AccountHistory } from './domains/account-history.js';
import { GiftCodes } from './domains/gift-codes.js';
import { Loyalty } from './domains/loyalty.js';
import { ProductRegistration, type ManufacturerConfig } from './domains/product-registration.js';
import { Rewards } from './domains/rewards.js';
import { DomainEventBus } from './platform/domain-event-bus.js';
import { IdempotencyTable } from './platform/idempotency-table.js';
import { keepLogicalId } from './platform/logical-ids.js';
import { unitResolver } from './resolver-code.js';

const root = path.resolve(import.meta.dirname, '..');

/** Cognito groups: the roles the schema's directives name. */
export const GROUPS = ['admin', 'partner', 'customer'] as const;

function requiredContext(scope: Construct, key: string): string {
  const value: unknown = scope.node.tryGetContext(key);
  if (typeof value !== 'string' || !value) throw new Error(`CDK context ${key} is not set (cdk.json, or -c ${key}=...)`);
  return value;
}

/** The stage's manufacturers: an array in cdk.json, a JSON string from `-c manufacturers=...`. */
function manufacturersOf(scope: Construct): ManufacturerConfig[] {
  const value: unknown = scope.node.tryGetContext('manufacturers');
  const list: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(list)) throw new Error('CDK context manufacturers is not set (cdk.json, or -c manufacturers=[...])');
  for (const manufacturer of list as ManufacturerConfig[]) {
    if (!/^[a-z0-9-]{1,40}$/.test(manufacturer.id ?? '')) throw new Error(`manufacturer id ${manufacturer.id}: 1 to 40 of a-z, 0-9, -`);
    if (!['JSON', 'XML'].includes(manufacturer.format)) throw new Error(`manufacturer ${manufacturer.id}: format is JSON or XML`);
    if (!manufacturer.name || !manufacturer.endpoint || !manufacturer.apiKeySecretName)
      throw new Error(`manufacturer ${manufacturer.id}: name, endpoint and apiKeySecretName are required`);
  }
  return list as ManufacturerConfig[];
}

export class LoyaltyGraphStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: true,
      signInAliases: { email: true, username: true },
      autoVerify: { email: true },
      customAttributes: { issuerId: new cognito.StringAttribute({ mutable: true }) },
      passwordPolicy: { minLength: 12 },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const group of GROUPS) new cognito.CfnUserPoolGroup(this, `Group-${group}`, { userPoolId: userPool.userPoolId, groupName: group });
    const webClient = userPool.addClient('WebClient', { authFlows: { userSrp: true, userPassword: true } });

    // --- the platform every domain builds on: one bus, one idempotency table
    const bus = new DomainEventBus(this, 'Bus');
    const idempotency = new IdempotencyTable(this, 'Idempotency');
    keepLogicalId(idempotency, 'GiftCodesIdempotencyBBFE14EC');

    const api = new appsync.GraphqlApi(this, 'Api', {
      name: `${id}-api`,
      definition: appsync.Definition.fromFile(path.join(root, 'schema/schema.graphql')),
      authorizationConfig: {
        defaultAuthorization: {
          authorizationType: appsync.AuthorizationType.USER_POOL,
          userPoolConfig: { userPool, appIdClientRegex: webClient.userPoolClientId },
        },
        additionalAuthorizationModes: [
          {
            authorizationType: appsync.AuthorizationType.API_KEY,
            apiKeyConfig: { name: 'public-catalog', expires: Expiration.after(Duration.days(365)) },
          },
          { authorizationType: appsync.AuthorizationType.IAM },
        ],
      },
      xrayEnabled: true,
    });

    const none = api.addNoneDataSource('None');
    unitResolver(none, 'Query', 'health');

    // --- the domains, each owning its tables, consumers and resolvers
    const rewards = new Rewards(this, 'Rewards', { api });
    const crmApiUrl = requiredContext(this, 'crmApiUrl');
    new GiftCodes(this, 'GiftCodes', {
      api,
      bus,
      none,
      idempotency,
      // configuration, as for any third party: cdk.json's context (the local stand-in), `-c crmApiUrl=` per stage
      crmApiUrl,
    });
    new Loyalty(this, 'Loyalty', { api, bus, idempotency, none, rewardsTable: rewards.table, crmApiUrl });
    new AccountHistory(this, 'AccountHistory', { api, bus, idempotency });
    new ProductRegistration(this, 'ProductRegistration', {
      api,
      bus,
      none,
      idempotency,
      manufacturers: manufacturersOf(this),
      crmApiUrl: requiredContext(this, 'crmApiUrl'),
      emailFromAddress: requiredContext(this, 'emailFromAddress'),
    });
  }
}
