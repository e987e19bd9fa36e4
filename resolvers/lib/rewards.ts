import { util } from '@aws-appsync/utils';
import { rewardContentProblem, type RewardContent } from '../../schema/reward-content';

/** Rejects input a shopper could never be shown correctly (schema/reward-content.ts); all checks before any write. */
export function assertValidRewardContent(input: RewardContent): void {
  const problem = rewardContentProblem(input, (iso8601) => util.time.parseISO8601ToEpochMilliSeconds(iso8601));
  if (problem) util.error(problem, 'InvalidRewardInput');
}
