import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledgeRuntime } from './nag-acknowledgments.js';
import { stageConfig } from './stages.js';

const root = path.resolve(import.meta.dirname, '..');

/**
 * A Lambda function bundled from TypeScript the way every function here is: ESM for Node.js 22 on arm64, with
 * the AWS SDK v3 left to the runtime (as on AWS). The local engine runs the very asset this produces.
 *
 * Every function is observable the same way (functions/lib/observability.ts): X-Ray active tracing, Powertools
 * metrics in the stack's namespace, and its own log group kept as long as the stage says. Alarms and dashboards
 * come from infra/platform/monitoring.ts, which finds every function.
 */
export function bundledFunction(
  scope: Construct,
  id: string,
  entry: string,
  props: { environment?: Record<string, string>; timeout?: Duration; memorySize?: number; reservedConcurrentExecutions?: number } = {},
): nodejs.NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: stageConfig(scope).logRetention,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  // its own role, writing to its own log group only (not AWS's managed basic-execution policy, which reaches every log group)
  const role = new iam.Role(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  logGroup.grantWrite(role);
  const fn = new nodejs.NodejsFunction(scope, id, {
    entry: path.isAbsolute(entry) ? entry : path.join(root, entry),
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    timeout: props.timeout ?? Duration.seconds(10),
    memorySize: props.memorySize ?? 256,
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    projectRoot: root,
    depsLockFilePath: path.join(root, 'package-lock.json'),
    environment: {
      POWERTOOLS_METRICS_NAMESPACE: metricsNamespace(scope),
      POWERTOOLS_LOG_LEVEL: 'INFO',
      ...props.environment,
    },
    tracing: lambda.Tracing.ACTIVE,
    logGroup,
    role,
    bundling: {
      format: nodejs.OutputFormat.ESM,
      target: 'node22',
      externalModules: ['@aws-sdk/*'],
      banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  acknowledgeRuntime(fn, role);
  return fn;
}

/** Where the functions' Powertools metrics go: one namespace per stack, so two stages in one account never mix. */
export function metricsNamespace(scope: Construct): string {
  return Stack.of(scope).stackName;
}
