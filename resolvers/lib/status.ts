import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { raiseDataSourceError } from './errors';

/** A status transition guarded by the current status and version, so it happens once and only from `from`. */
export function transitionRequest(id: string, expectedVersion: number, from: string[], to: string) {
  return ddb.update({
    key: { id },
    update: { status: to, version: ddb.operations.increment(1), updatedAt: util.time.nowISO8601() },
    condition: { and: [{ version: { eq: expectedVersion } }, { status: { in: from } }] },
  });
}

export function transitionResponse(ctx: Context<{ id: string; expectedVersion: number }>, to: string) {
  raiseDataSourceError(ctx, {
    message: `Reward ${ctx.args.id} cannot become ${to}: it does not exist, is not at version ${ctx.args.expectedVersion}, or its status does not allow it`,
    errorType: 'RewardVersionConflict',
  });
  return ctx.result;
}
