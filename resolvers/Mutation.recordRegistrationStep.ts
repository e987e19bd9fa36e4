import { util, type Context } from '@aws-appsync/utils';
import type { MutationRecordRegistrationStepArgs } from './generated/schema-types';
import { isConditionFailure, raiseDataSourceError } from './lib/errors';
import { publicRegistration, registrationKey, STEP_ATTRIBUTES } from './lib/registration';

/**
 * Records when a step happened, once: a redelivered event finds the step set and gets null, and a mutation that
 * returns null publishes nothing, so subscribers hear of each step exactly once (and the event is not retried).
 */
export function request(ctx: Context<MutationRecordRegistrationStepArgs>) {
  const { customerId, registrationId, step } = ctx.args.input;
  const now = util.time.nowISO8601();
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(registrationKey(registrationId)),
    update: {
      expression: 'SET #steps.#step = :now, #updatedAt = :now',
      expressionNames: { '#steps': 'steps', '#step': STEP_ATTRIBUTES[step], '#updatedAt': 'updatedAt' },
      expressionValues: util.dynamodb.toMapValues({ ':now': now }),
    },
    condition: {
      expression: '#customerId = :customerId AND attribute_not_exists(#steps.#step)',
      expressionNames: { '#customerId': 'customerId', '#steps': 'steps', '#step': STEP_ATTRIBUTES[step] },
      expressionValues: util.dynamodb.toMapValues({ ':customerId': customerId }),
    },
  };
}

export function response(ctx: Context<MutationRecordRegistrationStepArgs>) {
  if (isConditionFailure(ctx)) return null;
  raiseDataSourceError(ctx);
  return publicRegistration(ctx.result as Record<string, unknown>);
}
