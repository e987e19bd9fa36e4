import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { compileEventPattern } from '../../local/common/event-pattern/index.js';
import {
  GIFT_CODE_REDEEMED,
  POINTS_EARNED,
  POINTS_EXPIRED,
  REDEMPTION_VALUE_APPLIED,
  REWARD_REDEEMED,
  TIER_CHANGED,
  type EventType,
} from '../../schema/events.js';
import { synthesizedTemplate } from './synthesized-template.js';

const template = synthesizedTemplate();

describe('the CDK app', () => {
  it('has one API: Cognito by default, API key and IAM as additional modes', () => {
    template.resourceCountIs('AWS::AppSync::GraphQLApi', 1);
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
      AdditionalAuthenticationProviders: [{ AuthenticationType: 'API_KEY' }, { AuthenticationType: 'AWS_IAM' }],
    });
  });

  it("lets sign-up through the web client write a customer's own profile, never the partner scope custom:issuerId", () => {
    const [client] = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    const writable = client.Properties.WriteAttributes as string[];
    expect(writable).toEqual(expect.arrayContaining(['email', 'name']));
    expect(writable.filter((attribute) => attribute.startsWith('custom:'))).toEqual([]);
  });

  it('runs every resolver on APPSYNC_JS from a bundled asset', () => {
    const resolvers = Object.values(template.findResources('AWS::AppSync::Resolver'));
    expect(resolvers.length).toBeGreaterThan(0);
    for (const resolver of resolvers) {
      expect(resolver.Properties.Runtime).toEqual({ Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' });
      expect(resolver.Properties.CodeS3Location).toBeDefined();
    }
  });

  it('keeps rewards in a table with the catalog indexes and point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: [
        Match.objectLike({ IndexName: 'byStatus' }),
        Match.objectLike({
          IndexName: 'byCategory',
          KeySchema: [
            { AttributeName: 'status', KeyType: 'HASH' },
            { AttributeName: 'categoryKey', KeyType: 'HASH' },
            { AttributeName: 'pointsCost', KeyType: 'RANGE' },
          ],
        }),
      ],
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('gives every role reach to its own resources only, and "*" only where AWS requires it', () => {
    // what each role's policies name, by logical id without CDK's hash: tables, queues, functions, log groups, the bus, the API
    const reach: Record<string, string[]> = {
      ApiRewardsTableServiceRole: ['Rewards'],
      ApiRewardImporterServiceRole: ['RewardsRewardImporter'],
      RewardsRewardImporterRole: ['Rewards', 'RewardsRewardImporterLogs'],
      ApiGiftCodesTableServiceRole: ['GiftCodes'],
      ApiPartnersTableServiceRole: ['GiftCodesPartners'],
      ApiGiftCodeDigestServiceRole: ['GiftCodesGiftCodeDigest'],
      ApiGiftCodeIssuerServiceRole: ['GiftCodesGiftCodeIssuer'],
      ApiGiftCodeEventsServiceRole: ['Bus'],
      // EventBridge's AppSync target (recordRedemptionProgress, the only @aws_iam mutation)
      ApiEventsRole: ['Api'],
      ApiLogsRole: ['ApiLogs'],
      GiftCodesGiftCodeDigestRole: ['GiftCodesGiftCodeDigestLogs'],
      GiftCodesGiftCodeIssuerRole: ['GiftCodes', 'GiftCodesGiftCodeIssuerLogs'],
      // each outbox's sweeper: its table's pending index and marks, and the bus
      GiftCodesOutboxSweeperRole: ['Bus', 'GiftCodes', 'GiftCodesOutboxSweeperLogs'],
      GiftCodesCrmNotifierDefaultRole: ['GiftCodesCrmNotifierCrmNotifications', 'GiftCodesCrmNotifierDefaultLogs', 'GiftCodesIdempotency'],
      GiftCodesPartnerWebhooksDefaultRole: [
        'GiftCodesIdempotency',
        'GiftCodesPartnerWebhooksDefaultLogs',
        'GiftCodesPartnerWebhooksPartnerWebhookDeliveries',
        'GiftCodesPartners',
      ],
      LoyaltyLoyaltyLedgerDefaultRole: ['Bus', 'GiftCodesIdempotency', 'GiftCodesLoyalty', 'LoyaltyLoyaltyLedgerDefaultLogs'],
      LoyaltyLoyaltyTableServiceRole: ['GiftCodesLoyalty'],
      // the reward redemption transaction spans both tables; nothing else does
      LoyaltyRewardRedemptionTablesServiceRole: ['GiftCodesLoyalty', 'Rewards'],
      ApiLoyaltyEventsServiceRole: ['Bus'],
      LoyaltyOutboxSweeperRole: ['Bus', 'GiftCodesLoyalty', 'LoyaltyOutboxSweeperLogs'],
      LoyaltyLoyaltyAccountJobRole: ['Bus', 'GiftCodesLoyalty', 'LoyaltyLoyaltyAccountJobLogs'],
      // and cognito-idp:ListUsers on the user pool (a member's email by sub), ses:SendEmail on the sender identity
      LoyaltyPointsExpiringEmailDefaultRole: ['GiftCodesIdempotency', 'LoyaltyPointsExpiringEmailDefaultLogs', 'Users'],
      LoyaltyRewardFulfilmentDefaultRole: [
        'GiftCodesIdempotency',
        'GiftCodesLoyalty',
        'LoyaltyRewardFulfilmentDefaultLogs',
        'LoyaltyRewardFulfilmentRewardFulfilments',
      ],
      AccountHistoryAccountHistoryWriterDefaultRole: ['AccountHistoryAccountHistoryWriterDefaultLogs', 'GiftCodesAccountHistory'],
      AccountHistoryAccountHistoryTableServiceRole: ['GiftCodesAccountHistory'],
      ApiRegistrationsTableServiceRole: ['ProductRegistrationRegistrations'],
      ApiPromotionsTableServiceRole: ['ProductRegistrationPromotions'],
      ApiRegistrationEventsServiceRole: ['Bus'],
      ProductRegistrationOutboxSweeperRole: ['Bus', 'ProductRegistrationOutboxSweeperLogs', 'ProductRegistrationRegistrations'],
      ProductRegistrationPromotionsServiceDefaultRole: [
        'Bus',
        'GiftCodesIdempotency',
        'ProductRegistrationPromotions',
        'ProductRegistrationPromotionsServiceDefaultLogs',
      ],
      // and ses:SendEmail on the stage's sender identity only (a partition/region/account ARN, no resource of this stack)
      ProductRegistrationDiscountEmailDefaultRole: ['Bus', 'GiftCodesIdempotency', 'ProductRegistrationDiscountEmailDefaultLogs'],
      ProductRegistrationRegistrationSupportDefaultRole: [
        'Bus',
        'GiftCodesIdempotency',
        'ProductRegistrationRegistrationSupportDefaultLogs',
        'ProductRegistrationRegistrationSupportSupportNotices',
      ],
      ProductRegistrationManufacturerNoticesDefaultRole: [
        'Bus',
        'GiftCodesIdempotency',
        'ProductRegistrationManufacturerNoticesDefaultLogs',
      ],
      // EventBridge invoking each manufacturer's API destination: that destination only
      ProductRegistrationManufacturerjsonmakerEventsRole: ['ProductRegistrationManufacturerjsonmakerApiDestination'],
      ProductRegistrationManufacturerxmlmakerEventsRole: ['ProductRegistrationManufacturerxmlmakerApiDestination'],
    };
    // the only actions AWS offers no resource-level permissions for that a role here needs: X-Ray tracing
    const resourcelessActions = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

    const withoutHash = (id: string) => id.replace(/[0-9A-F]{8}$/, '');
    const referencedIds = (value: unknown) =>
      [...JSON.stringify(value).matchAll(/"(?:Ref|Fn::GetAtt)":(?:"(\w+)"|\["(\w+)")/g)].map((match) => withoutHash(match[1] ?? match[2]));
    const roles = Object.keys(template.findResources('AWS::IAM::Role')).map(withoutHash);
    expect(roles.sort()).toEqual(Object.keys(reach).sort());
    for (const role of Object.values(template.findResources('AWS::IAM::Role')))
      expect(role.Properties.ManagedPolicyArns, 'no managed policy reaches beyond the role').toBeUndefined();

    const actual: Record<string, Set<string>> = {};
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>) {
        const actions = [statement.Action].flat();
        expect(
          actions.filter((action) => action === '*' || action.endsWith(':*')),
          'no service-wide action',
        ).toEqual([]);
        if ([statement.Resource].flat().includes('*')) expect(resourcelessActions).toEqual(expect.arrayContaining(actions));
        for (const { Ref } of policy.Properties.Roles as Array<{ Ref: string }>)
          for (const id of referencedIds(statement.Resource)) (actual[withoutHash(Ref)] ??= new Set()).add(id);
      }
    }
    expect(Object.fromEntries(Object.entries(actual).map(([role, ids]) => [role, [...ids].sort()]))).toEqual(reach);

    // the user pool: one role, one read-only action
    const userPoolGrants = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>)
        .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('cognito-idp:')))
        .map((statement) => ({
          roles: policy.Properties.Roles.map(({ Ref }: { Ref: string }) => withoutHash(Ref)),
          actions: statement.Action,
        })),
    );
    expect(userPoolGrants).toEqual([{ roles: ['LoyaltyPointsExpiringEmailDefaultRole'], actions: 'cognito-idp:ListUsers' }]);
  });

  it('alarms on every dead-letter queue', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const dlqs = Object.keys(template.findResources('AWS::SQS::Queue')).filter((id) => /Dlq/.test(id));
    expect(dlqs.length).toBeGreaterThanOrEqual(8);
    for (const dlq of dlqs)
      expect(
        alarms.some((alarm) => JSON.stringify(alarm).includes(dlq)),
        `${dlq} has an alarm`,
      ).toBe(true);
  });

  it('hands every event to its consumers the one idempotent way: retried, then dead-lettered', () => {
    const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, never> }>;
    const idempotencyTable = Object.keys(template.findResources('AWS::DynamoDB::GlobalTable')).find((id) => id.includes('Idempotency'));
    const targetOf = (arn: { 'Fn::GetAtt': [string, string] }) => arn['Fn::GetAtt'][0];
    const consumers: string[] = [];
    for (const [ruleId, rule] of Object.entries(template.findResources('AWS::Events::Rule'))) {
      for (const target of rule.Properties.Targets) {
        expect(target.DeadLetterConfig, `${ruleId} dead-letters what it cannot deliver`).toBeDefined();
        const targetId = targetOf(target.Arn);
        if (resources[targetId].Type === 'AWS::Lambda::Function') {
          expect(target.RetryPolicy, `${ruleId} retries`).toEqual({ MaximumEventAgeInSeconds: 21600, MaximumRetryAttempts: 8 });
          // a scheduled job is no event consumer: it makes its own steps idempotent (docs/loyalty.md)
          if (!rule.Properties.ScheduleExpression) consumers.push(targetId);
        } else if (resources[targetId].Type === 'AWS::SQS::Queue') {
          expect(resources[targetId].Properties.RedrivePolicy, `${targetId} has a DLQ`).toMatchObject({
            maxReceiveCount: expect.any(Number),
          });
          const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).find(
            (candidate) => targetOf(candidate.Properties.EventSourceArn) === targetId,
          );
          expect(mapping?.Properties, `${targetId} is drained`).toMatchObject({
            FunctionResponseTypes: ['ReportBatchItemFailures'],
            ScalingConfig: { MaximumConcurrency: expect.any(Number) },
          });
          consumers.push(mapping!.Properties.FunctionName.Ref);
        }
      }
    }
    expect(consumers.map((id) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'AccountHistoryAccountHistoryWriter',
      'GiftCodesCrmNotifier',
      'GiftCodesPartnerWebhooks',
      'LoyaltyLoyaltyLedger',
      'LoyaltyPointsExpiringEmail',
      'LoyaltyRewardFulfilment',
      'ProductRegistrationDiscountEmail',
      'ProductRegistrationManufacturerNotices',
      'ProductRegistrationPromotionsService',
      'ProductRegistrationRegistrationSupport',
    ]);
    // the account history's one write is conditional on the event's id (test/functions/account-history): no records
    const byTheirWrite = ['AccountHistoryAccountHistoryWriter'];
    for (const consumer of consumers) {
      const variables = (resources[consumer].Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      if (byTheirWrite.some((name) => consumer.startsWith(name))) expect(variables.IDEMPOTENCY_TABLE, consumer).toBeUndefined();
      else expect(variables.IDEMPOTENCY_TABLE, `${consumer} keeps idempotency records`).toEqual({ Ref: idempotencyTable });
    }
  });

  it("sends the account history only its lines: a gift code's points are told once, by the value applied", () => {
    const [rule] = Object.values(template.findResources('AWS::Events::Rule')).filter((candidate) =>
      candidate.Properties.Targets.some((target: { Arn: { 'Fn::GetAtt': [string] } }) =>
        target.Arn['Fn::GetAtt']?.[0]?.startsWith('AccountHistoryAccountHistoryWriter'),
      ),
    );
    const pattern = compileEventPattern(rule.Properties.EventPattern);
    const anEvent = (type: EventType, data: Record<string, unknown>) => ({
      source: type.source,
      'detail-type': type.name,
      detail: { metadata: { event_id: 'e-1' }, data: { customerId: 'c-1', ...data } },
    });
    expect(pattern.matches(anEvent(GIFT_CODE_REDEEMED, {}))).toBe(true);
    expect(pattern.matches(anEvent(REDEMPTION_VALUE_APPLIED, {}))).toBe(true);
    expect(pattern.matches(anEvent(REWARD_REDEEMED, {}))).toBe(true);
    expect(pattern.matches(anEvent(TIER_CHANGED, {}))).toBe(true);
    expect(pattern.matches(anEvent(POINTS_EARNED, { sourceType: 'PRODUCT_REGISTRATION' }))).toBe(true);
    expect(pattern.matches(anEvent(POINTS_EARNED, { sourceType: 'GIFT_CODE' }))).toBe(false);
    expect(pattern.matches(anEvent(POINTS_EXPIRED, {}))).toBe(false);
  });
});
