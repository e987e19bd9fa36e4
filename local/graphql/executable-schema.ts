import { readFileSync } from 'node:fs';
import {
  buildASTSchema,
  defaultFieldResolver,
  isObjectType,
  isScalarType,
  parse,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { FieldRules } from '../auth/field-rules.js';
import { FieldError } from './errors.js';
import { runResolver, type RequestContext, type ResolverPlan } from './field-resolver.js';
import { AWS_SCALARS } from './scalars.js';
import type { AuthType } from '../assembly/stack-model.js';

const APPSYNC_DEFINITIONS = readFileSync(new URL('../../codegen/appsync.graphql', import.meta.url), 'utf8');

export interface ExecutableSchema {
  schema: GraphQLSchema;
  rules: FieldRules;
}

/**
 * The API's schema as AppSync serves it: its SDL plus AppSync's built-in scalars and directives, every field
 * guarded by its auth directives, and the fields that have resolvers bound to them.
 */
export function buildExecutableSchema(
  sdl: string,
  defaultMode: AuthType,
  apiModes: AuthType[],
  plans: Map<string, ResolverPlan>,
  env: Record<string, string>,
): ExecutableSchema {
  const document = parse(`${APPSYNC_DEFINITIONS}\n${sdl}`);
  const schema = buildASTSchema(document);
  for (const [name, scalar] of Object.entries(AWS_SCALARS)) {
    const type = schema.getType(name);
    if (type && isScalarType(type))
      Object.assign(type, { serialize: scalar.serialize, parseValue: scalar.parseValue, parseLiteral: scalar.parseLiteral });
  }
  const rules = new FieldRules(document, defaultMode);

  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const plan = plans.get(`${type.name}.${field.name}`);
      const resolve: GraphQLFieldResolver<unknown, RequestContext> = plan
        ? (source, args, context, info) => runResolver(plan, env, source, args, context, info)
        : defaultFieldResolver;
      // A field every mode of the API may read needs no check: most nested fields of public types.
      const open = apiModes.every((mode) => rules.allows(type.name, field.name, { mode, identity: null, groups: [] }));
      field.resolve = open
        ? resolve
        : (source, args, context, info) => {
            if (!rules.allows(type.name, field.name, context.caller)) {
              throw new FieldError(`Not Authorized to access ${field.name} on type ${type.name}`, 'Unauthorized');
            }
            return resolve(source, args, context, info);
          };
    }
  }
  return { schema, rules };
}
