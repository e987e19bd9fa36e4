import * as path from 'node:path';
import { CfnOutput, CfnRule, Duration, Expiration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AccountHistory } from './domains/account-history.js';
import { GiftCodes } from './domains/gift-codes.js';
import { Loyalty } from './domains/loyalty.js';
import { ProductRegistration } from './domains/product-registration.js';
import { Rewards } from './domains/rewards.js';
import { ApiFirewall } from './edge/api-firewall.js';
import { WebHosting } from './edge/web-hosting.js';
import { DomainEventBus } from './platform/domain-event-bus.js';
import { IdempotencyTable } from './platform/idempotency-table.js';
import { keepLogicalId } from './platform/logical-ids.js';
import { Monitoring } from './platform/monitoring.js';
import { unitResolver } from './resolver-code.js';
import { acknowledge, acknowledgeGrantWildcards } from './nag-acknowledgments.js';
import type { StageConfig } from './stages.js';

const root = path.resolve(import.meta.dirname, '..');

/** Cognito groups: the roles the schema's directives name. */
export const GROUPS = ['admin', 'partner', 'customer'] as const;

export interface LoyaltyGraphStackProps extends StackProps {
  stage: StageConfig;
  /** the built web app to upload (default `web/dist`) */
  webDistDir?: string;
}

export class LoyaltyGraphStack extends Stack {
  constructor(scope: Construct, id: string, props: LoyaltyGraphStackProps) {
    super(scope, id, props);
    const { stage } = props;
    if (!stage.deployable)
      // the local stage's endpoints are loopback stand-ins: CloudFormation refuses the template before changing anything
      new CfnRule(this, 'LocalStageIsNotDeployable', {
        assertions: [
          {
            assert: Fn.conditionEquals(stage.name, 'a deployed stage'),
            assertDescription: `The ${stage.name} stage runs on the local engine only: deploy with npm run deploy -- --stage dev (README: Deploying to AWS)`,
          },
        ],
      });

    const userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: true,
      signInAliases: { email: true, username: true },
      autoVerify: { email: true },
      customAttributes: { issuerId: new cognito.StringAttribute({ mutable: true }) },
      passwordPolicy: { minLength: 12 },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const group of GROUPS) new cognito.CfnUserPoolGroup(this, `Group-${group}`, { userPoolId: userPool.userPoolId, groupName: group });
    acknowledge(
      userPool,
      'COG1',
      'the policy asks for 12 characters or more without composition rules, as NIST SP 800-63B recommends: length, not character classes, makes a password strong',
    );
    acknowledge(
      userPool,
      'COG2',
      'MFA is not required of customers: a loyalty account holds points, not payment means, and a second factor at every sign-in would cost more members than it protects. Requiring it for the admin and partner groups is a follow-up (docs/operations.md)',
    );
    acknowledge(
      userPool,
      'COG8',
      "Essentials tier: the Plus tier's threat protection is billed per monthly active user; abuse of the API is bounded by the WAF's per-IP rate rule instead",
    );
    const webClient = userPool.addClient('WebClient', {
      authFlows: { userSrp: true, userPassword: true },
      // public sign-up goes through this client: it may write the customer's own profile, never custom:issuerId, which
      // scopes a partner to an issuer's gift codes and is set by an admin (admin-update-user-attributes) only
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({
        email: true,
        fullname: true,
        givenName: true,
        familyName: true,
      }),
    });

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
    this.logApiRequests(api, stage);
    new ApiFirewall(this, 'ApiFirewall', { apiArn: api.arn });

    const none = api.addNoneDataSource('None');
    unitResolver(none, 'Query', 'health');

    // --- the domains, each owning its tables, consumers and resolvers
    const rewards = new Rewards(this, 'Rewards', { api });
    // configuration, as for any third party: the stage's (infra/stages.ts)
    const giftCodes = new GiftCodes(this, 'GiftCodes', { api, bus, none, idempotency, crmApiUrl: stage.crmApiUrl });
    const loyalty = new Loyalty(this, 'Loyalty', {
      api,
      bus,
      idempotency,
      none,
      rewardsTable: rewards.table,
      crmApiUrl: stage.crmApiUrl,
      userPool,
      emailFromAddress: stage.emailFromAddress,
    });
    const accountHistory = new AccountHistory(this, 'AccountHistory', { api, bus });
    const productRegistration = new ProductRegistration(this, 'ProductRegistration', {
      api,
      bus,
      none,
      idempotency,
      manufacturers: stage.manufacturers,
      crmApiUrl: stage.crmApiUrl,
      emailFromAddress: stage.emailFromAddress,
    });

    // --- operations: a dashboard per domain, every alarm to the stage's recipient (a new domain is listed here)
    new Monitoring(this, 'Monitoring', {
      api,
      alarmEmail: stage.alarmEmail,
      dashboards: {
        Platform: [idempotency, bus],
        Rewards: [rewards],
        GiftCodes: [giftCodes],
        Loyalty: [loyalty],
        AccountHistory: [accountHistory],
        ProductRegistration: [productRegistration],
      },
    });

    // --- the web app, configured from what a client needs to know of this stack
    // the shape web/src/app/config.ts reads; the API key is the public catalog's, which every browser gets anyway
    const appConfig = {
      endpoint: api.graphqlUrl,
      region: this.region,
      apiKey: api.apiKey,
      userPool: { userPoolId: userPool.userPoolId, userPoolClientId: webClient.userPoolClientId },
    };
    new WebHosting(this, 'Web', { distDir: props.webDistDir ?? path.join(root, 'web/dist'), appConfig, upload: stage.deployable });
    new CfnOutput(this, 'ApiUrl', { value: api.graphqlUrl });
    new CfnOutput(this, 'Region', { value: this.region });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: webClient.userPoolClientId });

    acknowledgeGrantWildcards(this);
  }

  /**
   * AppSync's request-level logs: errors only, and without verbose content (request and response bodies carry gift
   * codes and personal data). Set on the API itself rather than through `logConfig`, which would add a log-retention
   * Lambda and AWS's managed logging policy: here the API's role writes to its own log group, kept as the stage says.
   */
  private logApiRequests(api: appsync.GraphqlApi, stage: StageConfig): void {
    const logGroup = new logs.LogGroup(this, 'ApiLogs', {
      logGroupName: `/aws/appsync/apis/${api.apiId}`,
      retention: stage.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'ApiLogsRole', { assumedBy: new iam.ServicePrincipal('appsync.amazonaws.com') });
    logGroup.grantWrite(role);
    (api.node.defaultChild as appsync.CfnGraphQLApi).logConfig = {
      cloudWatchLogsRoleArn: role.roleArn,
      fieldLogLevel: appsync.FieldLogLevel.ERROR,
      excludeVerboseContent: true,
    };
    acknowledge(
      api,
      'ASC3',
      'request-level logging is on (errors, with their request context) but without verbose content on purpose: request and response bodies carry gift codes and personal data, which must not reach the logs',
    );
  }
}
