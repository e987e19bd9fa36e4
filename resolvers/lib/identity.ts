import { util, type AppSyncIdentityCognito, type Context } from '@aws-appsync/utils';

/** Who is calling, as the verified Cognito token says: `sub`, `groups`, `claims`. */
export function identityOf(ctx: Context): AppSyncIdentityCognito {
  return ctx.identity as AppSyncIdentityCognito;
}

/** False for callers without a user pool identity (API key, IAM) as for signed-in non-admins. */
export function isAdmin(ctx: Context): boolean {
  const groups = (ctx.identity as { groups?: string[] | null } | null)?.groups;
  return !!groups && groups.indexOf('admin') >= 0;
}

/**
 * The issuer a caller is confined to: null for admins (any issuer); for a partner the verified custom:issuerId
 * claim, which Cognito puts in the ID token (not the access token), so partner integrations call with it.
 */
export function issuerScope(ctx: Context): string | null {
  if (isAdmin(ctx)) return null;
  const claimed = identityOf(ctx).claims?.['custom:issuerId'];
  if (!claimed) util.error('Partner calls must use the ID token: it carries the custom:issuerId claim.', 'Unauthorized');
  return claimed as string;
}

export function requireIssuerAccess(ctx: Context, issuerId: string): void {
  const scope = issuerScope(ctx);
  if (scope !== null && scope !== issuerId) util.unauthorized();
}
