import type { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Pins a resource to the logical id it was first deployed under. CloudFormation knows resources by logical id
 * only: a table moved to another construct would otherwise become a new, empty table (the RETAINed old one left
 * orphaned with the data), and a named resource such as an AppSync data source would collide with itself.
 * test/infra/deployed-ids.test.ts asserts every pinned id.
 */
export function keepLogicalId(construct: IConstruct, logicalId: string): void {
  (construct.node.defaultChild as CfnResource).overrideLogicalId(logicalId);
}
