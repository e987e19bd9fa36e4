/**
 * Who may call what, decided field by field and checked over HTTP against the product API. The fields come from
 * schema/schema.graphql itself: a new Query or Mutation field fails this test until its row below says, for every
 * kind of caller, what must happen. Arguments are built from the field's argument types.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { anApiKeyCaller, aUserCaller, theProductApi } from '../steps/given-steps.js';
import { theFieldFailed, theRequestWasRefused } from '../steps/then-steps.js';
import { weSendGraphQL, weSendGraphQLWithIam, type HttpResult } from '../steps/when-steps.js';

const CALLERS = ['noAuth', 'apiKey', 'customer', 'otherCustomer', 'admin', 'partner', 'iam'] as const;
type Caller = (typeof CALLERS)[number];
/**
 * unauthenticated: the request is refused (401); denied: the field fails with Unauthorized; needsIdToken: a partner
 * sending its access token is told to send the ID token (issuer-scoped fields); allowed: no Unauthorized error
 */
type Outcome = 'unauthenticated' | 'denied' | 'needsIdToken' | 'allowed';

// partners here send the access token, as Amplify does; issuer-scoped fields need the ID token's custom:issuerId
const EXPECTED: Record<string, Record<Caller, Outcome>> = {
  'Query.health': {
    noAuth: 'unauthenticated',
    apiKey: 'allowed',
    customer: 'allowed',
    otherCustomer: 'allowed',
    admin: 'allowed',
    partner: 'allowed',
    iam: 'allowed',
  },
  'Query.reward': {
    noAuth: 'unauthenticated',
    apiKey: 'allowed',
    customer: 'allowed',
    otherCustomer: 'allowed',
    admin: 'allowed',
    partner: 'allowed',
    iam: 'denied',
  },
  'Query.rewards': {
    noAuth: 'unauthenticated',
    apiKey: 'allowed',
    customer: 'allowed',
    otherCustomer: 'allowed',
    admin: 'allowed',
    partner: 'allowed',
    iam: 'denied',
  },
  'Mutation.createReward': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'denied',
    otherCustomer: 'denied',
    admin: 'allowed',
    partner: 'denied',
    iam: 'denied',
  },
  'Mutation.updateReward': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'denied',
    otherCustomer: 'denied',
    admin: 'allowed',
    partner: 'denied',
    iam: 'denied',
  },
  'Mutation.publishReward': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'denied',
    otherCustomer: 'denied',
    admin: 'allowed',
    partner: 'denied',
    iam: 'denied',
  },
  'Mutation.archiveReward': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'denied',
    otherCustomer: 'denied',
    admin: 'allowed',
    partner: 'denied',
    iam: 'denied',
  },
  'Mutation.importRewards': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'denied',
    otherCustomer: 'denied',
    admin: 'allowed',
    partner: 'denied',
    iam: 'denied',
  },
  'Query.myRedemptions': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'allowed',
    otherCustomer: 'allowed',
    admin: 'denied',
    partner: 'denied',
    iam: 'denied',
  },
  'Query.myAccountHistory': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'allowed',
    otherCustomer: 'allowed',
    admin: 'denied',
    partner: 'denied',
    iam: 'denied',
  },
  'Query.myLoyalty': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'allowed',
    otherCustomer: 'allowed',
    admin: 'denied',
    partner: 'denied',
    iam: 'denied',
  },
  'Mutation.redeemGiftCode': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'allowed',
    otherCustomer: 'allowed',
    admin: 'denied',
    partner: 'denied',
    iam: 'denied',
  },
  'Mutation.issueGiftCodes': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'denied',
    otherCustomer: 'denied',
    admin: 'allowed',
    partner: 'needsIdToken',
    iam: 'denied',
  },
  'Mutation.importGiftCodes': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'denied',
    otherCustomer: 'denied',
    admin: 'allowed',
    partner: 'needsIdToken',
    iam: 'denied',
  },
  'Mutation.voidGiftCode': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'denied',
    otherCustomer: 'denied',
    admin: 'allowed',
    partner: 'needsIdToken',
    iam: 'denied',
  },
  'Mutation.configurePartnerWebhook': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'denied',
    otherCustomer: 'denied',
    admin: 'allowed',
    partner: 'needsIdToken',
    iam: 'denied',
  },
  'Query.myRewardRedemptions': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'allowed',
    otherCustomer: 'allowed',
    admin: 'denied',
    partner: 'denied',
    iam: 'denied',
  },
  'Mutation.redeemReward': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'allowed',
    otherCustomer: 'allowed',
    admin: 'denied',
    partner: 'denied',
    iam: 'denied',
  },
  'Mutation.cancelRewardRedemption': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'denied',
    otherCustomer: 'denied',
    admin: 'allowed',
    partner: 'denied',
    iam: 'denied',
  },
  'Mutation.adjustPoints': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'denied',
    otherCustomer: 'denied',
    admin: 'allowed',
    partner: 'denied',
    iam: 'denied',
  },
  'Mutation.notifyLoyaltyUpdated': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'denied',
    otherCustomer: 'denied',
    admin: 'denied',
    partner: 'denied',
    iam: 'allowed',
  },
  'Query.products': {
    noAuth: 'unauthenticated',
    apiKey: 'allowed',
    customer: 'allowed',
    otherCustomer: 'allowed',
    admin: 'allowed',
    partner: 'allowed',
    iam: 'denied',
  },
  'Query.manufacturers': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'denied',
    otherCustomer: 'denied',
    admin: 'allowed',
    partner: 'denied',
    iam: 'denied',
  },
  'Query.myRegistrations': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'allowed',
    otherCustomer: 'allowed',
    admin: 'denied',
    partner: 'denied',
    iam: 'denied',
  },
  'Query.myDiscountCodes': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'allowed',
    otherCustomer: 'allowed',
    admin: 'denied',
    partner: 'denied',
    iam: 'denied',
  },
  'Mutation.upsertProduct': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'denied',
    otherCustomer: 'denied',
    admin: 'allowed',
    partner: 'denied',
    iam: 'denied',
  },
  'Mutation.registerProduct': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'allowed',
    otherCustomer: 'allowed',
    admin: 'denied',
    partner: 'denied',
    iam: 'denied',
  },
  'Mutation.recordRegistrationStep': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'denied',
    otherCustomer: 'denied',
    admin: 'denied',
    partner: 'denied',
    iam: 'allowed',
  },
  'Mutation.announceDiscountCode': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'denied',
    otherCustomer: 'denied',
    admin: 'denied',
    partner: 'denied',
    iam: 'allowed',
  },
  'Mutation.recordRedemptionProgress': {
    noAuth: 'unauthenticated',
    apiKey: 'denied',
    customer: 'denied',
    otherCustomer: 'denied',
    admin: 'denied',
    partner: 'denied',
    iam: 'allowed',
  },
};

/** Example values for the scalars arguments use; a new scalar in a required argument fails the test until added. */
const SCALAR_EXAMPLES: Record<string, () => unknown> = {
  ID: () => `matrix-${randomUUID()}`,
  String: () => 'matrix',
  Int: () => 1,
  Float: () => 1.5,
  Boolean: () => true,
  AWSDateTime: () => new Date().toISOString(),
  AWSDate: () => '2030-01-01',
  AWSURL: () => 'https://example.com/matrix',
  AWSEmail: () => 'matrix@example.com',
  AWSJSON: () => '{}',
};

const schema = buildSchema(
  `${readFileSync(new URL('../../codegen/appsync.graphql', import.meta.url), 'utf8')}\n${readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8')}`,
);
const rootFields = [schema.getQueryType(), schema.getMutationType()]
  .filter((type): type is GraphQLObjectType => type != null)
  .flatMap((type) => Object.values(type.getFields()).map((field) => ({ type, field, key: `${type.name}.${field.name}` })));

/** The smallest valid value of an input type: required input fields only, one-item lists. */
function exampleValue(type: GraphQLInputType, where: string): unknown {
  if (isNonNullType(type)) return exampleValue(type.ofType, where);
  if (isListType(type)) return [exampleValue(type.ofType, where)];
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((field) => isNonNullType(field.type));
    return Object.fromEntries(required.map((field) => [field.name, exampleValue(field.type, `${where}.${field.name}`)]));
  }
  if (isEnumType(type)) return type.getValues()[0].value;
  const example = isScalarType(type) ? SCALAR_EXAMPLES[type.name] : undefined;
  if (!example) throw new Error(`No example value for ${String(type)} (${where}): add one to SCALAR_EXAMPLES`);
  return example();
}

/** `mutation Matrix($id: ID!) { publishReward(id: $id, …) { __typename } }` with values for the required arguments. */
function minimalRequest(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter((arg) => isNonNullType(arg.type));
  const variables = Object.fromEntries(
    required.map((arg) => [arg.name, exampleValue(arg.type, `${type.name}.${field.name}(${arg.name})`)]),
  );
  const declarations = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const argumentList = required.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
  const operation = type === schema.getMutationType() ? 'mutation' : 'query';
  return {
    query: `${operation} Matrix${declarations ? `(${declarations})` : ''} { ${field.name}${argumentList ? `(${argumentList})` : ''}${selection} }`,
    variables,
  };
}

const app = theProductApi();
const headers = {} as Record<Exclude<Caller, 'iam'>, Record<string, string>>;

beforeAll(async () => {
  const [customer, otherCustomer, admin, partner] = await Promise.all(
    (['customer', 'customer2', 'admin', 'partner'] as const).map((user) => aUserCaller(app, user)),
  );
  Object.assign(headers, { noAuth: {}, apiKey: anApiKeyCaller(app), customer, otherCustomer, admin, partner });
});

function send(caller: Caller, request: ReturnType<typeof minimalRequest>): Promise<HttpResult> {
  return caller === 'iam'
    ? weSendGraphQLWithIam(app, request, app.iam, { region: app.iam.region })
    : weSendGraphQL(app, request, headers[caller]);
}

describe('authorization matrix (generated from schema/schema.graphql)', () => {
  it('has a row for every Query and Mutation field, and none for fields that are gone', () => {
    const inSchema = rootFields.map(({ key }) => key).sort();
    expect(
      inSchema.filter((key) => !EXPECTED[key]),
      'fields without a decision: add a row to EXPECTED',
    ).toEqual([]);
    expect(
      Object.keys(EXPECTED).filter((key) => !inSchema.includes(key)),
      'rows for fields not in the schema',
    ).toEqual([]);
  });

  describe.each(rootFields)('$key', ({ type, field, key }) => {
    it.each(CALLERS)('%s', async (caller) => {
      const expected = EXPECTED[key]?.[caller];
      expect(expected, `decide what ${caller} gets from ${key}`).toBeDefined();
      const result = await send(caller, minimalRequest(type, field));
      if (expected === 'unauthenticated') return theRequestWasRefused(result, 401, 'UnauthorizedException');
      if (expected === 'denied')
        return theFieldFailed(result, [field.name], 'Unauthorized', `Not Authorized to access ${field.name} on type ${type.name}`);
      if (expected === 'needsIdToken') return theFieldFailed(result, [field.name], 'Unauthorized', /must use the ID token/);
      expect(result.status, result.text).toBe(200);
      const unauthorized = (result.body.errors ?? []).filter((error: { errorType?: string }) => error.errorType === 'Unauthorized');
      expect(unauthorized, result.text).toEqual([]);
    });
  });
});

/**
 * Decisions the field's directives cannot express: an argument value that only some callers may ask for, refused
 * by the resolver with Unauthorized (and its own message) while the field itself stays open to them.
 */
const ARGUMENT_RULES: Array<{ request: string; expected: Record<Caller, Outcome>; deniedMessage: string }> = [
  {
    request: '{ rewards(filter: { status: DRAFT }) { items { id } } }',
    expected: {
      noAuth: 'unauthenticated',
      apiKey: 'denied',
      customer: 'denied',
      otherCustomer: 'denied',
      admin: 'allowed',
      partner: 'denied',
      iam: 'denied',
    },
    deniedMessage: 'Only admins may list DRAFT rewards.',
  },
];

describe('authorization by argument value', () => {
  describe.each(ARGUMENT_RULES)('$request', ({ request, expected, deniedMessage }) => {
    it.each(CALLERS)('%s', async (caller) => {
      const result = await send(caller, { query: request, variables: {} });
      if (expected[caller] === 'unauthenticated') return theRequestWasRefused(result, 401, 'UnauthorizedException');
      // IAM is refused by the field's directives before the resolver runs
      if (expected[caller] === 'denied')
        return theFieldFailed(result, ['rewards'], 'Unauthorized', caller === 'iam' ? /Not Authorized to access rewards/ : deniedMessage);
      expect(result.status, result.text).toBe(200);
      expect(result.body.errors, result.text).toBeUndefined();
    });
  });
});
