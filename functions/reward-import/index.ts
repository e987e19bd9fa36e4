import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '../lib/env.js';
import { newRewardItem, rewardContentProblem, type NewReward } from '../../schema/reward-content.js';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const rewardsTable = requiredEnv('REWARDS_TABLE');

export const MAX_IMPORT = 1000;
/** Puts in flight at once: enough to import 1,000 rewards in a second or two, few enough not to throttle. */
const PARALLEL_PUTS = 25;

export interface ImportedReward {
  index: number;
  id: string | null;
  outcome: 'CREATED' | 'REJECTED';
  reason: string | null;
}

/**
 * importRewards (a Lambda data source: 1,000 conditional puts do not fit one APPSYNC_JS request). Each reward is
 * checked, then created as a DRAFT on its own, conditional on its id being new; the answer says, item by item,
 * created or rejected with the reason. Nothing is all-or-nothing: a bad item never holds up the good ones.
 */
export async function handler(event: {
  arguments: { input: NewReward[] };
}): Promise<{ imported: number; ids: string[]; items: ImportedReward[] }> {
  const inputs = event.arguments.input;
  if (inputs.length === 0 || inputs.length > MAX_IMPORT)
    throw new Error(`importRewards takes 1 to ${MAX_IMPORT} rewards, got ${inputs.length}`);
  const now = new Date().toISOString();
  const seen = new Set<string>();
  const items: ImportedReward[] = new Array(inputs.length);
  const pending: Array<{ index: number; item: Record<string, unknown> }> = [];
  inputs.forEach((input, index) => {
    const id = input.id ?? randomUUID();
    const rejection = rejectionOf(input) ?? (seen.has(id) ? `DuplicateInRequest: id ${id} appears earlier in this import` : null);
    seen.add(id);
    if (rejection) items[index] = { index, id: input.id ?? null, outcome: 'REJECTED', reason: rejection };
    else pending.push({ index, item: newRewardItem(id, input, now) });
  });
  for (let start = 0; start < pending.length; start += PARALLEL_PUTS) {
    await Promise.all(
      pending.slice(start, start + PARALLEL_PUTS).map(async ({ index, item }) => {
        items[index] = await put(index, item);
      }),
    );
  }
  const ids = items.filter((item) => item.outcome === 'CREATED').map((item) => item.id!);
  return { imported: ids.length, ids, items };
}

async function put(index: number, item: Record<string, unknown>): Promise<ImportedReward> {
  try {
    await documents.send(new PutCommand({ TableName: rewardsTable, Item: item, ConditionExpression: 'attribute_not_exists(id)' }));
    return { index, id: item.id as string, outcome: 'CREATED', reason: null };
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    return {
      index,
      id: item.id as string,
      outcome: 'REJECTED',
      reason: `RewardAlreadyExists: a reward with id ${String(item.id)} already exists`,
    };
  }
}

/** Why a reward cannot be imported, in the words createReward would refuse it with (`InvalidRewardInput: <what>`), or null. */
function rejectionOf(input: NewReward): string | null {
  const problem = rewardContentProblem(input, Date.parse);
  return problem ? `InvalidRewardInput: ${problem}` : null;
}
