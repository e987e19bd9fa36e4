import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationConfigurePartnerWebhookArgs } from './generated/schema-types';
import { raiseDataSourceError } from './lib/errors';
import { requireIssuerAccess } from './lib/identity';

/** Stores where an issuer's redemptions are sent and the secret they are signed with; the secret is never read back. */
export function request(ctx: Context<MutationConfigurePartnerWebhookArgs>) {
  const { issuerId, url, format, signingSecret } = ctx.args.input;
  requireIssuerAccess(ctx, issuerId);
  if (signingSecret.length < 32 || signingSecret.length > 256) util.error('signingSecret must be 32 to 256 characters.', 'ValidationError');
  return ddb.put<Record<string, string>>({
    key: { issuerId },
    item: { webhookUrl: url, webhookFormat: format, signingSecret, updatedAt: util.time.nowISO8601() },
  });
}

export function response(ctx: Context<MutationConfigurePartnerWebhookArgs>) {
  raiseDataSourceError(ctx);
  const item = ctx.result as { issuerId: string; webhookUrl: string; webhookFormat: string; updatedAt: string };
  return { issuerId: item.issuerId, url: item.webhookUrl, format: item.webhookFormat, updatedAt: item.updatedAt };
}
