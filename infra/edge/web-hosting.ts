import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge } from '../nag-acknowledgments.js';

export interface WebHostingProps {
  /** the built web app (`web/dist`); nothing is uploaded until it exists */
  distDir: string;
  /** what the app reads from `/config.json` to find the API and sign users in (the stack's outputs) */
  appConfig: Record<string, unknown>;
  /** whether to upload the build (not for the local stage: the engine serves the app itself) */
  upload: boolean;
}

/**
 * The web app, served by CloudFront from a private bucket: the bucket blocks all public access and refuses plain
 * HTTP; CloudFront reads it through origin access control (SigV4, scoped to this distribution). Paths the app
 * routes itself fall back to `index.html`. Access logs of both go to a log bucket.
 */
export class WebHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** the upload, when there is a build to upload */
  readonly deployment?: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    const logs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      // CloudFront's standard logging writes with an ACL
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.distribution = new cloudfront.Distribution(this, 'Cdn', {
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: this.securityHeaders(),
      },
      defaultRootObject: 'index.html',
      errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, responseHttpStatus: 200, responsePagePath: '/index.html' })),
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cdn/',
    });

    acknowledge(this.distribution, 'CFR1', 'the loyalty program serves members wherever they are: no country is to be refused');
    acknowledge(
      this.distribution,
      'CFR2',
      'the distribution serves static files only; everything that reads or writes data goes to the AppSync API, which has its own WebACL (infra/edge/api-firewall.ts)',
    );
    acknowledge(
      this.distribution,
      'CFR4',
      "served on CloudFront's default *.cloudfront.net certificate, whose security policy CloudFront fixes; a custom domain with its own certificate (TLSv1.2_2021) is a follow-up",
    );

    if (props.upload && existsSync(path.join(props.distDir, 'index.html'))) {
      this.deployment = new s3deploy.BucketDeployment(this, 'Upload', {
        sources: [s3deploy.Source.asset(props.distDir), s3deploy.Source.jsonData('config.json', props.appConfig)],
        destinationBucket: this.bucket,
        distribution: this.distribution,
        distributionPaths: ['/*'],
      });
      this.acknowledgeUploader();
    }
    new CfnOutput(scope, 'WebUrl', { value: `https://${this.distribution.distributionDomainName}`, description: 'the web app' });
  }

  /**
   * The headers the local engine sends with the app (local/dev/web-app.ts), on AWS: scripts from the app's own
   * origin only, connections to this Region's AppSync (HTTPS and real-time) and Cognito only, no framing, HTTPS only.
   */
  private securityHeaders(): cloudfront.ResponseHeadersPolicy {
    const region = Aws.REGION;
    const contentSecurityPolicy = [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: https:",
      "font-src 'self' data:",
      `connect-src 'self' https://*.appsync-api.${region}.amazonaws.com wss://*.appsync-realtime-api.${region}.amazonaws.com https://cognito-idp.${region}.amazonaws.com`,
      "worker-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; ');
    return new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });
  }

  /** The upload runs in CDK's own provider function (one per stack), whose code and policies CDK writes. */
  private acknowledgeUploader(): void {
    const provider = Stack.of(this).node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'))!;
    acknowledge(provider, 'L1', "CDK's BucketDeployment provider: CDK chooses and updates its runtime with each release");
    acknowledge(
      provider,
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "CDK's BucketDeployment provider logs with the basic execution policy; it runs only during a deploy",
    );
    acknowledge(
      provider,
      'IAM5[Resource::*]',
      "CDK's BucketDeployment provider: cloudfront:CreateInvalidation and GetInvalidation, which take no resource-level permissions",
    );
    for (const finding of [
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
    ])
      acknowledge(
        provider,
        `IAM5[${finding}]`,
        'the upload copies the build from the CDK asset bucket to the site bucket and prunes what the build no longer has',
      );
    acknowledge(
      provider,
      'IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
      "reads the build from the CDK bootstrap's asset bucket, where cdk deploy uploaded it",
    );
    const siteId = Stack.of(this).resolve((this.bucket.node.defaultChild as s3.CfnBucket).logicalId) as string;
    acknowledge(provider, `IAM5[Resource::<${siteId}.Arn>/*]`, 'writes the objects of the site bucket, which is what an upload is');
  }
}
