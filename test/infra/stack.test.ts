import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { LoyaltyGraphStack } from '../../infra/stack.js';

const template = Template.fromStack(new LoyaltyGraphStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test'));

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

  it('gives the rewards data source access to its own table only', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) => JSON.stringify(policy).includes('dynamodb:'));
    for (const policy of policies) {
      const resources = JSON.stringify(policy.Properties.PolicyDocument.Statement.map((s: { Resource: unknown }) => s.Resource));
      expect(resources).not.toContain('"*"');
      expect(resources).toContain('Rewards');
    }
  });
});
