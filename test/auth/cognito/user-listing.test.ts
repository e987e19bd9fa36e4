/**
 * ListUsers on the product API's local pool, as Cognito answers it: IAM-signed, one search filter (`=` exact,
 * `^=` prefix) on the attributes Cognito can search, `Limit` and `PaginationToken`; a Lambda execution role may call
 * it only when the template grants it (tested through the expiry warning email, test/loyalty).
 */
import { describe, expect, it } from 'vitest';
import { isAllowed } from '../../../local/assembly/role-policies.js';
import { aFreshCustomer, weCallTheUserPool } from '../../steps/customer-steps.js';
import { theProductApi } from '../../steps/given-steps.js';

const api = theProductApi();
const pool = api.userPool!;
const listUsers = (input: Record<string, unknown>, signed = true) =>
  weCallTheUserPool(api, 'ListUsers', { UserPoolId: pool.id, ...input }, { signed });

describe('ListUsers (IAM)', () => {
  it('finds a member by sub, with their attributes, as Cognito shapes a user', async () => {
    const member = await aFreshCustomer(api);
    const answer = await listUsers({ Filter: `sub = "${member.sub}"`, Limit: 1 });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      Users: [
        {
          Username: member.username,
          Attributes: [
            { Name: 'sub', Value: member.sub },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'email', Value: `${member.username}@example.com` },
          ],
          UserCreateDate: expect.any(Number),
          UserLastModifiedDate: expect.any(Number),
          Enabled: true,
          UserStatus: 'CONFIRMED',
        },
      ],
    });
    const narrowed = await listUsers({ Filter: `"email" = "${member.username}@example.com"`, AttributesToGet: ['email'] });
    expect(narrowed.json.Users).toEqual([
      expect.objectContaining({ Username: member.username, Attributes: [{ Name: 'email', Value: `${member.username}@example.com` }] }),
    ]);
    expect((await listUsers({ Filter: 'sub = "00000000-0000-4000-8000-000000000000"' })).json).toEqual({ Users: [] });
  });

  it('pages through a prefix match with Limit and PaginationToken, each user once', async () => {
    const members = [await aFreshCustomer(api), await aFreshCustomer(api), await aFreshCustomer(api)];
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const answer = await listUsers({ Filter: 'username ^= "customer-"', Limit: 2, ...(token ? { PaginationToken: token } : {}) });
      expect(answer.status).toBe(200);
      expect(answer.json.Users.length).toBeLessThanOrEqual(2);
      seen.push(...answer.json.Users.map((user: { Username: string }) => user.Username));
      token = answer.json.PaginationToken;
    } while (token);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(members.map((member) => member.username)));
  });

  it('refuses unsigned callers, unsearchable attributes and malformed filters as Cognito does', async () => {
    expect(await listUsers({}, false)).toMatchObject({ status: 400, errorType: 'MissingAuthenticationTokenException' });
    expect(await listUsers({ Filter: 'custom:issuerId = "acme"' })).toMatchObject({
      status: 400,
      errorType: 'InvalidParameterException',
      json: { message: 'Invalid search attribute: custom:issuerId' },
    });
    expect(await listUsers({ Filter: 'sub == nope' })).toMatchObject({ status: 400, errorType: 'InvalidParameterException' });
    expect(await listUsers({ Limit: 61 })).toMatchObject({ status: 400, errorType: 'InvalidParameterException' });
  });
});

describe("a role's policies, as IAM evaluates them for the local services", () => {
  const pool = 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_Users';
  it('allow an action only where a statement allows it on that resource, and a Deny always wins', () => {
    const grant = { effect: 'Allow' as const, actions: ['cognito-idp:ListUsers'], resources: [pool] };
    expect(isAllowed([grant], 'cognito-idp:ListUsers', pool)).toBe(true);
    expect(isAllowed([grant], 'cognito-idp:AdminDeleteUser', pool)).toBe(false);
    expect(isAllowed([grant], 'cognito-idp:ListUsers', `${pool}-other`)).toBe(false);
    expect(isAllowed([], 'cognito-idp:ListUsers', pool)).toBe(false);
    expect(isAllowed([{ ...grant, actions: ['cognito-idp:List*'] }], 'cognito-idp:ListUsers', pool)).toBe(true);
    expect(isAllowed([grant, { effect: 'Deny', actions: ['*'], resources: ['*'] }], 'cognito-idp:ListUsers', pool)).toBe(false);
  });
});
