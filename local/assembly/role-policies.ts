import type { StackArtifact } from './cloud-assembly.js';
import type { Intrinsics } from './intrinsics.js';

/** One statement of a role's identity-based policies, its intrinsics resolved to local ARNs. */
export interface PolicyStatementModel {
  effect: 'Allow' | 'Deny';
  actions: string[];
  resources: string[];
}

/**
 * The statements each role is given: the `AWS::IAM::Policy` resources naming it in `Roles` (how CDK's grants land)
 * and the role's own inline `Policies`. Managed policies are not read (none of this stack's roles has one).
 */
export function rolePolicies(stack: StackArtifact, cfn: Intrinsics): (roleLogicalId: string) => PolicyStatementModel[] {
  const byRole = new Map<string, PolicyStatementModel[]>();
  const add = (roleId: string, document: unknown) => {
    const statements = [(document as { Statement?: unknown } | undefined)?.Statement ?? []].flat() as Array<Record<string, unknown>>;
    const list = byRole.get(roleId) ?? [];
    for (const statement of statements) {
      list.push({
        effect: statement.Effect === 'Deny' ? 'Deny' : 'Allow',
        actions: [statement.Action ?? []].flat().map(String),
        resources: [statement.Resource ?? []].flat().map((resource) => String(cfn.resolve(resource))),
      });
    }
    byRole.set(roleId, list);
  };
  for (const [logicalId, resource] of Object.entries(stack.template.Resources)) {
    const properties = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Policy') {
      for (const role of [properties.Roles ?? []].flat() as Array<{ Ref?: string }>) if (role.Ref) add(role.Ref, properties.PolicyDocument);
    }
    if (resource.Type === 'AWS::IAM::Role') {
      for (const inline of [properties.Policies ?? []].flat() as Array<{ PolicyDocument?: unknown }>) add(logicalId, inline.PolicyDocument);
    }
  }
  return (roleLogicalId) => byRole.get(roleLogicalId) ?? [];
}

/** IAM's evaluation for one action on one resource: an explicit Deny wins, else some Allow must match (`*` and `?` glob). */
export function isAllowed(statements: PolicyStatementModel[], action: string, resource: string): boolean {
  const applies = (statement: PolicyStatementModel) =>
    statement.actions.some((pattern) => globMatches(pattern.toLowerCase(), action.toLowerCase())) &&
    statement.resources.some((pattern) => globMatches(pattern, resource));
  const applicable = statements.filter(applies);
  return applicable.some((statement) => statement.effect === 'Allow') && !applicable.some((statement) => statement.effect === 'Deny');
}

function globMatches(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${source}$`).test(value);
}
