import * as path from 'node:path';
import { Duration, Expiration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { GiftCodes } from './gift-codes.js';
import { Loyalty } from './loyalty.js';
import { unitResolver } from './resolver-code.js';

const root = path.resolve(import.meta.dirname, '..');

/** Cognito groups: the roles the schema's directives name. */
export const GROUPS = ['admin', 'partner', 'customer'] as const;

function requiredContext(scope: Construct, key: string): string {
  const value: unknown = scope.node.tryGetContext(key);
  if (typeof value !== 'string' || !value) throw new Error(`CDK context ${key} is not set (cdk.json, or -c ${key}=...)`);
  return value;
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

    const rewardsTable = new dynamodb.TableV2(this, 'Rewards', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: 'byStatus',
          partitionKey: { name: 'status', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'pointsCost', type: dynamodb.AttributeType.NUMBER },
        },
      ],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const bus = new events.EventBus(this, 'Bus', { eventBusName: `${id}-events` });

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
      environmentVariables: { REWARDS_TABLE: rewardsTable.tableName },
      xrayEnabled: true,
    });

    const none = api.addNoneDataSource('None');
    const rewards = api.addDynamoDbDataSource('RewardsTable', rewardsTable);
    // transactWrite names the table itself, so the role needs it explicitly (least privilege: this table only)
    rewardsTable.grantReadWriteData(rewards);

    unitResolver(none, 'Query', 'health');
    unitResolver(rewards, 'Query', 'reward');
    unitResolver(rewards, 'Query', 'rewards');
    unitResolver(rewards, 'Mutation', 'createReward');
    unitResolver(rewards, 'Mutation', 'updateReward');
    unitResolver(rewards, 'Mutation', 'publishReward');
    unitResolver(rewards, 'Mutation', 'archiveReward');

    const crmApiUrl = requiredContext(this, 'crmApiUrl');
    const loyaltyPolicy = {
      LOYALTY_TIERS: 'Bronze:0,Silver:1000,Gold:5000',
      LOYALTY_EXPIRY_DAYS: '365',
      LOYALTY_EXPIRY_WARNING_DAYS: '30',
    };
    const giftCodes = new GiftCodes(this, 'GiftCodes', {
      api,
      bus,
      none,
      // configuration, as for any third party: cdk.json's context (the local stand-in), `-c crmApiUrl=` per stage
      crmApiUrl,
      loyaltyPolicy,
    });
    new Loyalty(this, 'Loyalty', {
      api,
      bus,
      none,
      rewardsTable,
      loyaltyTable: giftCodes.loyaltyTable,
      idempotencyTable: giftCodes.idempotencyTable,
      outboxRelay: giftCodes.outboxRelay,
      crmApiUrl,
      policy: loyaltyPolicy,
    });
  }
}
