import { Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges a cdk-nag AwsSolutions finding on a construct (and what it contains), with the reason it is right
 * for this app. test/infra/nag.test.ts runs the pack over the synthesized app: any finding not acknowledged fails it.
 */
export function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${rule}`, reason });
}

/** What every bundled function (infra/bundled-function.ts) is flagged for: its runtime, not the newest on purpose, and X-Ray's permissions. */
export function acknowledgeRuntime(fn: lambda.Function, role: IConstruct): void {
  acknowledge(
    fn,
    'L1',
    'Node.js 22 is a supported Lambda runtime; the bundles target node22 and are tested on it by the local engine. Moving to a newer runtime is a deliberate, tested upgrade, not a side effect of a CDK release.',
  );
  acknowledge(
    role,
    'IAM5[Resource::*]',
    'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords take no resource-level permissions (AWS requires "*").',
  );
}

/**
 * Findings about the grants CDK writes for a table or a function, acknowledged per resource (the finding's id
 * names it), so each table and function found anywhere in the stack is covered the day it is added:
 * - a table's grant covers its own indexes (`<table>/index/*`), which queries on a GSI need;
 * - an invoke grant covers the function's versions and aliases (`<function>:*`), of that one function only.
 */
export function acknowledgeGrantWildcards(stack: Stack): void {
  for (const construct of stack.node.findAll()) {
    if (construct instanceof dynamodb.TableV2)
      acknowledge(
        stack,
        `IAM5[Resource::<${logicalIdOf(construct)}.Arn>/index/*]`,
        `the grant on ${construct.node.path} includes its own secondary indexes, which its queries read; no other table's`,
      );
    if (construct instanceof lambda.Function)
      acknowledge(
        stack,
        `IAM5[Resource::<${logicalIdOf(construct)}.Arn>:*]`,
        `invoking ${construct.node.path} includes its versions and aliases; no other function`,
      );
  }
}

function logicalIdOf(construct: IConstruct): string {
  const resource = construct.node.defaultChild as unknown as { logicalId: string };
  return Stack.of(construct).resolve(resource.logicalId) as string;
}
