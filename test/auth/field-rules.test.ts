/** The auth directives as AppSync applies them, checked against the rules engine and through an executable schema. */
import { graphql, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { AuthType } from '../../local/assembly/stack-model.js';
import { FieldRules } from '../../local/auth/field-rules.js';
import type { CallerAuth } from '../../local/auth/types.js';
import { buildExecutableSchema } from '../../local/graphql/executable-schema.js';

const apiKey: CallerAuth = { mode: 'API_KEY', identity: null, groups: null };
const iam: CallerAuth = { mode: 'AWS_IAM', identity: {}, groups: null };
const user = (...groups: string[]): CallerAuth => ({
  mode: 'AMAZON_COGNITO_USER_POOLS',
  identity: {},
  groups: groups.length ? groups : null,
});

function rules(sdl: string, defaultMode: AuthType): FieldRules {
  return new FieldRules(parse(sdl), defaultMode);
}

describe('which mode may call a field', () => {
  const sdl = /* GraphQL */ `
    type Query {
      plain: String
      keyOnly: String @aws_api_key
      everyone: String @aws_api_key @aws_iam @aws_cognito_user_pools
      admins: String @aws_cognito_user_pools(cognito_groups: ["admin"])
      adminsOrPartners: String @aws_cognito_user_pools(cognito_groups: ["admin", "partner"])
      adminsSingle: String @aws_cognito_user_pools(cognito_groups: "admin")
      legacyAdmins: String @aws_auth(cognito_groups: ["admin"])
    }
    type Typed @aws_api_key @aws_cognito_user_pools {
      inherited: String
      overridden: String @aws_iam
    }
    type Bare {
      plain: String
    }
    extend type Bare @aws_iam
  `;

  it('a field with no directive (on it or its type) is open to the default mode only', () => {
    const cognitoDefault = rules(sdl, 'AMAZON_COGNITO_USER_POOLS');
    expect(cognitoDefault.allows('Query', 'plain', user())).toBe(true);
    expect(cognitoDefault.allows('Query', 'plain', apiKey)).toBe(false);
    expect(cognitoDefault.allows('Query', 'plain', iam)).toBe(false);
    const keyDefault = rules(sdl, 'API_KEY');
    expect(keyDefault.allows('Query', 'plain', apiKey)).toBe(true);
    expect(keyDefault.allows('Query', 'plain', user('admin'))).toBe(false);
  });

  it('directives replace the default mode rather than add to it', () => {
    const cognitoDefault = rules(sdl, 'AMAZON_COGNITO_USER_POOLS');
    expect(cognitoDefault.allows('Query', 'keyOnly', apiKey)).toBe(true);
    expect(cognitoDefault.allows('Query', 'keyOnly', user('admin'))).toBe(false);
    for (const caller of [apiKey, iam, user()]) expect(cognitoDefault.allows('Query', 'everyone', caller)).toBe(true);
  });

  it('cognito_groups needs one of the listed groups; no groups is no access', () => {
    const r = rules(sdl, 'AMAZON_COGNITO_USER_POOLS');
    expect(r.allows('Query', 'admins', user('admin'))).toBe(true);
    expect(r.allows('Query', 'admins', user('customer', 'admin'))).toBe(true);
    expect(r.allows('Query', 'admins', user('customer'))).toBe(false);
    expect(r.allows('Query', 'admins', user())).toBe(false);
    expect(r.allows('Query', 'admins', apiKey)).toBe(false);
    expect(r.allows('Query', 'adminsOrPartners', user('partner'))).toBe(true);
  });

  it('reads cognito_groups: "admin" as the list ["admin"] (input coercion), not as "any group"', () => {
    const r = rules(sdl, 'AMAZON_COGNITO_USER_POOLS');
    expect(r.allows('Query', 'adminsSingle', user('admin'))).toBe(true);
    expect(r.allows('Query', 'adminsSingle', user('customer'))).toBe(false);
  });

  it('@aws_auth applies to the default Cognito mode only', () => {
    expect(rules(sdl, 'AMAZON_COGNITO_USER_POOLS').allows('Query', 'legacyAdmins', user('admin'))).toBe(true);
    expect(rules(sdl, 'AMAZON_COGNITO_USER_POOLS').allows('Query', 'legacyAdmins', user('customer'))).toBe(false);
    // Cognito as an additional mode: @aws_auth does not grant it
    expect(rules(sdl, 'API_KEY').allows('Query', 'legacyAdmins', user('admin'))).toBe(false);
  });

  it('type directives cover the fields without their own; a field’s own directives win', () => {
    const r = rules(sdl, 'AMAZON_COGNITO_USER_POOLS');
    expect(r.allows('Typed', 'inherited', apiKey)).toBe(true);
    expect(r.allows('Typed', 'inherited', iam)).toBe(false);
    expect(r.allows('Typed', 'overridden', iam)).toBe(true);
    expect(r.allows('Typed', 'overridden', apiKey)).toBe(false);
    expect(r.allows('Typed', 'overridden', user('admin'))).toBe(false);
  });

  it('merges directives from type extensions', () => {
    const r = rules(sdl, 'AMAZON_COGNITO_USER_POOLS');
    expect(r.allows('Bare', 'plain', iam)).toBe(true);
    expect(r.allows('Bare', 'plain', user())).toBe(false);
  });

  it('leaves introspection to every authenticated caller', () => {
    const r = rules(sdl, 'AMAZON_COGNITO_USER_POOLS');
    for (const caller of [apiKey, iam, user()]) {
      expect(r.allows('Query', '__typename', caller)).toBe(true);
      expect(r.allows('__Schema', 'types', caller)).toBe(true);
    }
  });
});

describe('nested fields, through the executable schema', () => {
  const sdl = /* GraphQL */ `
    type Query {
      order: Order @aws_api_key @aws_cognito_user_pools
    }
    type Order @aws_api_key @aws_cognito_user_pools {
      id: ID
      internalNote: String @aws_cognito_user_pools(cognito_groups: ["admin"])
      customer: Customer
    }
    type Customer @aws_cognito_user_pools {
      name: String
    }
  `;
  const schema = buildExecutableSchema(sdl, 'AMAZON_COGNITO_USER_POOLS', ['AMAZON_COGNITO_USER_POOLS', 'API_KEY'], new Map(), {}).schema;
  const rootValue = { order: { id: 'o1', internalNote: 'vip', customer: { name: 'Ada' } } };
  const run = (caller: CallerAuth) =>
    graphql({
      schema,
      source: '{ order { id internalNote customer { name } } }',
      rootValue,
      contextValue: { caller, headers: {}, appendedErrors: [], responseHeaders: {}, invalidations: [] },
    });

  it('checks every nested field by its own type: the API key reads Order.customer (Order allows it) but not Customer.name', async () => {
    const result = await run(apiKey);
    expect(result.data).toEqual({ order: { id: 'o1', internalNote: null, customer: { name: null } } });
    expect(result.errors?.map((error) => error.message).sort()).toEqual([
      'Not Authorized to access internalNote on type Order',
      'Not Authorized to access name on type Customer',
    ]);
  });

  it('lets an admin read everything and a customer all but the admin field', async () => {
    expect((await run(user('admin'))).errors).toBeUndefined();
    const customer = await run(user('customer'));
    expect(customer.data).toEqual({ order: { id: 'o1', internalNote: null, customer: { name: 'Ada' } } });
    expect(customer.errors?.map((error) => error.message)).toEqual(['Not Authorized to access internalNote on type Order']);
  });
});
