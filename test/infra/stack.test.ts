import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
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

  it('runs every resolver on APPSYNC_JS from a bundled asset', () => {
    const resolvers = Object.values(template.findResources('AWS::AppSync::Resolver'));
    expect(resolvers.length).toBeGreaterThan(0);
    for (const resolver of resolvers) {
      expect(resolver.Properties.Runtime).toEqual({ Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' });
      expect(resolver.Properties.CodeS3Location).toBeDefined();
    }
  });

  it('keeps rewards in a table with the catalog index and point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'byStatus' })],
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('gives each data source and function access to its own tables only', () => {
    const roles = template.findResources('AWS::IAM::Role');
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy).includes('dynamodb:'),
    );
    const tablesOf = (policy: { Properties: { PolicyDocument: { Statement: Array<{ Action: unknown; Resource: unknown }> } } }) =>
      new Set(
        [
          ...JSON.stringify(
            policy.Properties.PolicyDocument.Statement.filter((s) => JSON.stringify(s.Action).includes('dynamodb:')).map((s) => s.Resource),
          ).matchAll(/"Fn::GetAtt":\["(\w+?)(?:[0-9A-F]{8})?","(?:Arn|StreamArn)"\]/g),
        ].map((match) => match[1]),
      );
    const roleOf = (policy: { Properties: { Roles: Array<{ Ref: string }> } }) => policy.Properties.Roles.map((role) => role.Ref).join();
    const access = Object.fromEntries(policies.map((policy) => [roleOf(policy as never), [...tablesOf(policy as never)].sort()]));
    for (const policy of policies)
      expect(JSON.stringify(policy.Properties.PolicyDocument.Statement.map((s: { Resource: unknown }) => s.Resource))).not.toContain('"*"');
    const byRole = (part: string) => Object.entries(access).find(([role]) => role.includes(part) && roles[role])?.[1];
    expect(byRole('RewardsTable')).toEqual(['Rewards']);
    expect(byRole('GiftCodesTable')).toEqual(['GiftCodes']);
    expect(byRole('PartnersTable')).toEqual(['GiftCodesPartners']);
    expect(byRole('LoyaltyTable')).toEqual(['GiftCodesLoyalty']);
    expect(byRole('AccountHistoryTable')).toEqual(['GiftCodesAccountHistory']);
    expect(byRole('LoyaltyLedger')).toEqual(['GiftCodesIdempotency', 'GiftCodesLoyalty']);
    expect(byRole('AccountHistoryWriter')).toEqual(['GiftCodesAccountHistory', 'GiftCodesIdempotency']);
    expect(byRole('PartnerWebhooks')).toEqual(['GiftCodesIdempotency', 'GiftCodesPartners']);
    expect(byRole('CrmNotifier')).toEqual(['GiftCodesIdempotency']);
    expect(byRole('GiftCodeIssuer')).toEqual(['GiftCodes']);
    expect(byRole('GiftCodeDigest')).toBeUndefined();
    // the reward redemption transaction spans both tables; nothing else does
    expect(byRole('RewardRedemptionTables')).toEqual(['GiftCodesLoyalty', 'Rewards']);
    expect(byRole('RewardImporter')).toEqual(['Rewards']);
    expect(byRole('RewardFulfilment')).toEqual(['GiftCodesIdempotency', 'GiftCodesLoyalty']);
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
      'LoyaltyRewardFulfilment',
      'ProductRegistrationDiscountEmail',
      'ProductRegistrationManufacturerNotices',
      'ProductRegistrationPromotionsService',
      'ProductRegistrationRegistrationSupport',
    ]);
    for (const consumer of consumers)
      expect(resources[consumer].Properties.Environment, `${consumer} is idempotent`).toMatchObject({
        Variables: { IDEMPOTENCY_TABLE: { Ref: idempotencyTable } },
      });
  });
});
