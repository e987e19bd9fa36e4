import type { LambdaRunner } from '../../lambda/runner.js';
import { parsePayload } from '../target-input.js';
import { TargetFailure, type DeliveryTarget } from './types.js';

/** A Lambda function invoked with the payload as its event; a function error fails the delivery. */
export function lambdaTarget(arn: string, runner: LambdaRunner): DeliveryTarget {
  return {
    arn,
    async deliver(payloadText) {
      const outcome = await runner.invoke(parsePayload(payloadText));
      if (!outcome.ok) throw new TargetFailure(outcome.errorType ?? 'Lambda.Unhandled', outcome.errorMessage ?? 'The function failed');
    },
  };
}
