import { CognitoIdentityProviderClient, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';

const cognito = new CognitoIdentityProviderClient({});

/** Where a member can be written to, or why they cannot. */
export type MemberAddress = { kind: 'email'; email: string } | { kind: 'no-user' } | { kind: 'no-verified-email' };

/**
 * The member's email, found by their `sub` (the customerId every domain keys on). The pool signs in with usernames
 * and email aliases, so the username is not the sub and AdminGetUser cannot find it: ListUsers with a `sub` filter
 * can, and needs nothing beyond cognito-idp:ListUsers on the pool.
 */
export async function memberAddressOf(userPoolId: string, sub: string): Promise<MemberAddress> {
  const found = await cognito.send(
    new ListUsersCommand({ UserPoolId: userPoolId, Filter: `sub = "${sub.replace(/["\\]/g, '\\$&')}"`, Limit: 1 }),
  );
  const user = found.Users?.[0];
  if (!user) return { kind: 'no-user' };
  const attribute = (name: string) => user.Attributes?.find((candidate) => candidate.Name === name)?.Value;
  const email = attribute('email');
  // an unverified address may not be the member's (an admin can type any): their points are nobody else's business
  if (!email || attribute('email_verified') !== 'true') return { kind: 'no-verified-email' };
  return { kind: 'email', email };
}
