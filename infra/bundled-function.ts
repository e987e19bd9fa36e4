import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';

const root = path.resolve(import.meta.dirname, '..');

/**
 * A Lambda function bundled from TypeScript the way every function here is: ESM for Node.js 22 on arm64, with
 * the AWS SDK v3 left to the runtime (as on AWS). The local engine runs the very asset this produces.
 */
export function bundledFunction(
  scope: Construct,
  id: string,
  entry: string,
  props: { environment?: Record<string, string>; timeout?: Duration; memorySize?: number; reservedConcurrentExecutions?: number } = {},
): nodejs.NodejsFunction {
  return new nodejs.NodejsFunction(scope, id, {
    entry: path.isAbsolute(entry) ? entry : path.join(root, entry),
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    timeout: props.timeout ?? Duration.seconds(10),
    memorySize: props.memorySize ?? 256,
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    projectRoot: root,
    depsLockFilePath: path.join(root, 'package-lock.json'),
    environment: props.environment,
    bundling: {
      format: nodejs.OutputFormat.ESM,
      target: 'node22',
      externalModules: ['@aws-sdk/*'],
      banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
}
