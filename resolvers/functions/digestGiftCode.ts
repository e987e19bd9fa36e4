import type { Context } from '@aws-appsync/utils';
import { raiseDataSourceError } from '../lib/errors';

/**
 * Turns the code the caller typed into the digest its item is stored under. APPSYNC_JS has no hash function, so a
 * Lambda without any table access does it; the plaintext goes no further than this step.
 */
export function request(ctx: Context<{ input: { code: string } }>) {
  return { operation: 'Invoke', payload: { action: 'digest', code: ctx.args.input.code } };
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx);
  const digest = ctx.result as { codeHash: string; last4: string; wellFormed: boolean };
  ctx.stash.codeHash = digest.codeHash;
  ctx.stash.last4 = digest.last4;
  ctx.stash.wellFormed = digest.wellFormed;
  return digest;
}
