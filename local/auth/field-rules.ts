import {
  Kind,
  type DirectiveNode,
  type ValueNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
} from 'graphql';
import type { AuthType } from '../assembly/stack-model.js';
import type { CallerAuth } from './types.js';

interface Rule {
  mode: AuthType;
  /** Cognito groups of which the caller needs at least one; null = any signed-in user of the mode */
  groups: string[] | null;
  /** @aws_auth only applies to the default Cognito mode */
  defaultModeOnly?: boolean;
}

const DIRECTIVE_MODES: Record<string, AuthType> = {
  aws_api_key: 'API_KEY',
  aws_iam: 'AWS_IAM',
  aws_oidc: 'OPENID_CONNECT',
  aws_lambda: 'AWS_LAMBDA',
  aws_cognito_user_pools: 'AMAZON_COGNITO_USER_POOLS',
  aws_auth: 'AMAZON_COGNITO_USER_POOLS',
};

/**
 * Who may call each field, as AppSync decides it from the schema's auth directives: a field's own directives win
 * over its type's; with neither, only the API's default mode may call it. Computed once per schema.
 */
export class FieldRules {
  private readonly byField = new Map<string, Rule[]>();

  constructor(
    document: DocumentNode,
    private readonly defaultMode: AuthType,
  ) {
    const typeRules = new Map<string, Rule[]>();
    const objects = document.definitions.filter(
      (d): d is ObjectTypeDefinitionNode | ObjectTypeExtensionNode =>
        d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION,
    );
    for (const type of objects) {
      const rules = rulesOf(type.directives ?? []);
      if (rules.length) typeRules.set(type.name.value, [...(typeRules.get(type.name.value) ?? []), ...rules]);
    }
    for (const type of objects) {
      for (const field of type.fields ?? [])
        this.byField.set(`${type.name.value}.${field.name.value}`, this.fieldRules(field, typeRules.get(type.name.value)));
    }
  }

  private fieldRules(field: FieldDefinitionNode, typeLevel: Rule[] | undefined): Rule[] {
    const own = rulesOf(field.directives ?? []);
    if (own.length) return own;
    if (typeLevel?.length) return typeLevel;
    return [{ mode: this.defaultMode, groups: null }];
  }

  /** Whether the caller may resolve Type.field. Fields unknown to the SDL (introspection) follow the default mode. */
  allows(typeName: string, fieldName: string, caller: CallerAuth): boolean {
    const rules = this.byField.get(`${typeName}.${fieldName}`);
    if (!rules) return typeName.startsWith('__') || fieldName.startsWith('__') || caller.mode === this.defaultMode;
    return rules.some((rule) => {
      if (rule.mode !== caller.mode) return false;
      if (rule.defaultModeOnly && caller.mode !== this.defaultMode) return false;
      return rule.groups === null || (caller.groups ?? []).some((group) => rule.groups!.includes(group));
    });
  }
}

function rulesOf(directives: readonly DirectiveNode[]): Rule[] {
  const rules: Rule[] = [];
  for (const directive of directives) {
    const mode = DIRECTIVE_MODES[directive.name.value];
    if (!mode) continue;
    const groupsArg = directive.arguments?.find((arg) => arg.name.value === 'cognito_groups');
    rules.push({ mode, groups: groupsArg ? groupNames(groupsArg.value) : null, defaultModeOnly: directive.name.value === 'aws_auth' });
  }
  return rules;
}

/**
 * `cognito_groups: ["a", "b"]`, or `cognito_groups: "a"`, which GraphQL input coercion reads as a one-item list:
 * reading the single-string form as "no group restriction" would open the field to every signed-in user.
 */
function groupNames(value: ValueNode): string[] {
  if (value.kind === Kind.STRING) return [value.value];
  if (value.kind === Kind.LIST) return value.values.flatMap((item) => (item.kind === Kind.STRING ? [item.value] : []));
  return [];
}
