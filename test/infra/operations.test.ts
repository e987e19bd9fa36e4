import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/stages.js';
import { LOCAL_STAGE_CONTEXT, PROD_STAGE_CONTEXT, synthesizedStack } from './synthesized-template.js';

const template = Template.fromStack(synthesizedStack());
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, never> }>;
const idsOf = (type: string) => Object.keys(template.findResources(type));
const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
const alarmsOn = (id: string) => alarms.filter((alarm) => JSON.stringify(alarm.Properties).includes(`"${id}"`));
const topic = idsOf('AWS::SNS::Topic')[0];

describe('a deployed stage is observable', () => {
  it('has a dashboard for the API, the platform and each domain', () => {
    const names = Object.values(template.findResources('AWS::CloudWatch::Dashboard')).map(
      (dashboard) => dashboard.Properties.DashboardName,
    );
    expect(names.sort()).toEqual([
      'Test-AccountHistory',
      'Test-Api',
      'Test-GiftCodes',
      'Test-Loyalty',
      'Test-Platform',
      'Test-ProductRegistration',
      'Test-Rewards',
    ]);
  });

  it('sends every alarm to one topic, which emails the stage’s recipient', () => {
    expect(idsOf('AWS::SNS::Topic')).toHaveLength(1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
      TopicArn: { Ref: topic },
    });
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions, alarm.Properties.AlarmDescription).toEqual([{ Ref: topic }]);
  });

  it('alarms on the API’s server errors and p99 latency', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/AppSync',
      MetricName: '5XXError',
      Statistic: 'Sum',
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/AppSync', MetricName: 'Latency', ExtendedStatistic: 'p99' });
  });

  it('alarms on each function’s errors and throttles, each table’s throttling, each rule’s failed invocations', () => {
    for (const fn of idsOf('AWS::Lambda::Function')) {
      const metrics = alarmsOn(fn).map((alarm) => alarm.Properties.MetricName);
      expect(metrics.sort(), fn).toEqual(['Errors', 'Throttles']);
    }
    for (const table of idsOf('AWS::DynamoDB::GlobalTable'))
      expect(
        alarmsOn(table).some(
          (alarm) => JSON.stringify(alarm).includes('WriteThrottleEvents') && JSON.stringify(alarm).includes('ReadThrottleEvents'),
        ),
        `${table} throttling`,
      ).toBe(true);
    const rules = idsOf('AWS::Events::Rule');
    expect(rules.length).toBeGreaterThanOrEqual(6);
    for (const rule of rules)
      expect(
        alarmsOn(rule).some((alarm) => alarm.Properties.MetricName === 'FailedInvocations'),
        `${rule} failed invocations`,
      ).toBe(true);
  });

  it('traces every function with X-Ray and gives it Powertools’ metrics namespace and its own log group', () => {
    for (const fn of idsOf('AWS::Lambda::Function')) {
      const props = resources[fn].Properties as unknown as {
        TracingConfig: unknown;
        Environment: { Variables: Record<string, unknown> };
        LoggingConfig: unknown;
      };
      expect(props.TracingConfig, fn).toEqual({ Mode: 'Active' });
      expect(props.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE, fn).toBe('Test');
      expect(props.LoggingConfig, fn).toEqual({ LogGroup: { Ref: expect.stringMatching(/Logs[0-9A-F]{8}$/) } });
    }
    for (const logGroup of Object.values(template.findResources('AWS::Logs::LogGroup')))
      expect(logGroup.Properties.RetentionInDays).toBe(90);
  });

  it('logs API requests at error level without their bodies, and traces them', () => {
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      XrayEnabled: true,
      LogConfig: { FieldLogLevel: 'ERROR', ExcludeVerboseContent: true, CloudWatchLogsRoleArn: Match.anyValue() },
    });
  });
});

describe('a deployed stage is protected', () => {
  it('puts a WAF in front of the API: a rate limit per IP, then AWS’s common rules', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: [
        Match.objectLike({
          Name: 'RateLimitPerIp',
          Action: { Block: {} },
          Statement: { RateBasedStatement: Match.objectLike({ AggregateKeyType: 'IP' }) },
        }),
        Match.objectLike({
          Statement: { ManagedRuleGroupStatement: Match.objectLike({ VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' }) },
        }),
      ],
    });
    const api = idsOf('AWS::AppSync::GraphQLApi')[0];
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { 'Fn::GetAtt': [api, 'Arn'] },
      WebACLArn: { 'Fn::GetAtt': [idsOf('AWS::WAFv2::WebACL')[0], 'Arn'] },
    });
  });

  it('protects every table that holds records from deletion and keeps 35 days of point-in-time recovery', () => {
    for (const [id, table] of Object.entries(template.findResources('AWS::DynamoDB::GlobalTable'))) {
      const replica = table.Properties.Replicas[0];
      const isCache = id.includes('Idempotency');
      expect(replica.DeletionProtectionEnabled ?? false, id).toBe(!isCache);
      expect(replica.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled ?? false, id).toBe(!isCache);
    }
  });

  it('holds no loopback address and nothing that looks like a secret', () => {
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toMatch(/127\.0\.0\.1|localhost|\[::1\]/);
    expect(text).not.toMatch(/whsec_|sk_live_|AKIA[0-9A-Z]{16}|-----BEGIN|"(?:[A-Za-z]*(?:Secret|Password|ApiKey|Token))":"[^"{]/);
    expect(text).toContain('https://crm.example.com/tickets');
  });
});

describe('the web app is hosted by the same stack', () => {
  it('serves a private bucket through CloudFront with origin access control, over HTTPS only, with the app’s security headers', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
      }),
    });
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket')))
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    for (const policy of Object.values(template.findResources('AWS::S3::BucketPolicy')))
      expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: { ContentSecurityPolicy: Match.objectLike({ 'Fn::Join': Match.anyValue() }), Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      }),
    });
    const [policy] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const csp = JSON.stringify(policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-eval');
    template.hasOutput('WebUrl', { Value: { 'Fn::Join': ['', ['https://', Match.anyValue()]] } });
  });

  it('uploads the build with a config.json from the stack’s outputs once web/dist is built, and only then', () => {
    expect(idsOf('Custom::CDKBucketDeployment')).toEqual([]);
    const dist = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html>');
    const withBuild = Template.fromStack(synthesizedStack(PROD_STAGE_CONTEXT, dist));
    const [deployment] = Object.values(withBuild.findResources('Custom::CDKBucketDeployment'));
    expect(deployment.Properties.SourceMarkers).toHaveLength(2);
    // config.json's values come from the stack: the API's URL and key, the user pool and its web client
    const markers = JSON.stringify(deployment.Properties.SourceMarkers);
    for (const reference of ['GraphQLUrl', '"ApiKey', 'UsersWebClient', '{"Ref":"Users']) expect(markers).toContain(reference);
    expect(deployment.Properties.DistributionPaths).toEqual(['/*']);
    for (const output of ['ApiUrl', 'Region', 'UserPoolId', 'UserPoolClientId']) withBuild.hasOutput(output, {});
  });
});

describe('stages', () => {
  const stageOf = (context: Record<string, unknown>) => stageConfig(new App({ context }));

  it('a deployed stage without its configuration fails, naming each setting to set', () => {
    expect(() => stageOf({ stage: 'dev' })).toThrow(
      'Stage dev is not configured: set stages.dev.crmApiUrl, stages.dev.emailFromAddress, stages.dev.alarmEmail, stages.dev.manufacturers',
    );
    expect(() => stageOf({ stage: 'staging' })).toThrow('must be one of local, dev, prod');
  });

  it('a deployed stage refuses a loopback or plain-HTTP endpoint', () => {
    const prod = PROD_STAGE_CONTEXT.stages.prod;
    expect(() => stageOf({ stage: 'prod', stages: { prod: { ...prod, crmApiUrl: 'http://127.0.0.1:4010/crm/tickets' } } })).toThrow(
      'public https://',
    );
    expect(() => stageOf({ stage: 'prod', stages: { prod: { ...prod, crmApiUrl: 'https://localhost/crm' } } })).toThrow('public https://');
    const [jsonMaker, xmlMaker] = prod.manufacturers;
    const plainHttpMaker = { ...xmlMaker, endpoint: 'http://xml.example.com/notices' };
    expect(() => stageOf({ stage: 'prod', stages: { prod: { ...prod, manufacturers: [jsonMaker, plainHttpMaker] } } })).toThrow(
      'stages.prod.manufacturers[xml-maker].endpoint must be a public https:// URL',
    );
  });

  it('a manufacturer without a valid id, format or API key secret is refused', () => {
    const prod = PROD_STAGE_CONTEXT.stages.prod;
    const [jsonMaker] = prod.manufacturers;
    const withMaker = (maker: Record<string, unknown>) => stageOf({ stage: 'prod', stages: { prod: { ...prod, manufacturers: [maker] } } });
    expect(() => withMaker({ ...jsonMaker, id: 'Not Valid' })).toThrow('1 to 40 of a-z, 0-9, -');
    expect(() => withMaker({ ...jsonMaker, format: 'CSV' })).toThrow('format is JSON or XML');
    expect(() => withMaker({ ...jsonMaker, apiKeySecretName: '' })).toThrow('apiKeySecretName are required');
  });

  it('the local stage takes the engine’s endpoints and cannot be deployed', () => {
    const engineManufacturers = [
      { ...PROD_STAGE_CONTEXT.stages.prod.manufacturers[0], endpoint: 'http://127.0.0.1:5555/manufacturers/json' },
    ];
    expect(
      stageOf({
        ...LOCAL_STAGE_CONTEXT,
        crmApiUrl: 'http://127.0.0.1:5555/crm/tickets',
        manufacturers: JSON.stringify(engineManufacturers),
      }),
    ).toMatchObject({
      crmApiUrl: 'http://127.0.0.1:5555/crm/tickets',
      manufacturers: engineManufacturers,
      emailFromAddress: LOCAL_STAGE_CONTEXT.emailFromAddress,
      deployable: false,
    });
    const local = Template.fromStack(synthesizedStack(LOCAL_STAGE_CONTEXT));
    const rules = local.toJSON().Rules as Record<string, { Assertions: Array<{ AssertDescription: string }> }>;
    expect(Object.values(rules).flatMap((rule) => rule.Assertions.map((assertion) => assertion.AssertDescription))).toContain(
      'The local stage runs on the local engine only: deploy with npm run deploy -- --stage dev (README: Deploying to AWS)',
    );
  });
});
