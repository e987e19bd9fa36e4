/** Given/when/then steps for Loyalty: GraphQL over HTTP, as clients and admins call it. */
import { randomUUID } from 'node:crypto';
import type { EngineUnderTest } from '../global-setup.js';
import { anIdTokenCaller } from './gift-code-steps.js';
import { aFreshCustomer } from './customer-steps.js';
import { useLocalAws } from '../functions/consumer-steps.js';
import { itSucceeded } from './then-steps.js';
import { weSendGraphQL, type HttpResult } from './when-steps.js';

export const REWARD_REDEMPTION_FIELDS =
  'id customerId requestId rewardId rewardTitle pointsSpent fulfilment status voucherCode redeemedAt updatedAt cancelledAt cancelReason';
export const ENTRY_FIELDS = 'id kind points reason sourceType sourceId redemptionId reversesEntryId expiresAt actor occurredAt';
export const ACCOUNT_FIELDS =
  'customerId balance tier { name threshold } nextTier { name threshold } pointsToNextTier pointsEarnedLast12Months nextExpiry { points expiresAt }';

// ---- given

/** A fresh member of the test's own with exactly `points` (credited by an admin's adjustment), and their caller headers and id. */
export async function aMemberWith(api: EngineUnderTest, points: number) {
  const member = await aFreshCustomer(api);
  const { caller, sub: customerId } = member;
  if (points > 0) itSucceeded(await weAdjustPoints(api, { customerId, points, reason: 'test setup', requestId: randomUUID() }));
  return { caller, customerId };
}

/** A PUBLISHED reward, created and published by an admin. */
export async function aPublishedReward(
  api: EngineUnderTest,
  content: {
    pointsCost: number;
    stock: number;
    perCustomerLimit?: number;
    minimumTier?: string;
    fulfilment?: 'PHYSICAL' | 'DIGITAL';
    category?: string;
  },
): Promise<string> {
  const admin = await anIdTokenCaller(api, 'admin');
  const id = `reward-${randomUUID()}`;
  itSucceeded(
    await weSendGraphQL(
      api,
      {
        query: 'mutation($input: CreateRewardInput!) { createReward(input: $input) { id } }',
        variables: { input: { id, title: `Reward ${id}`, ...content } },
      },
      admin,
    ),
  );
  itSucceeded(
    await weSendGraphQL(
      api,
      { query: 'mutation($id: ID!) { publishReward(id: $id, expectedVersion: 1) { id } }', variables: { id } },
      admin,
    ),
  );
  return id;
}

// ---- when

export function weRedeemReward(
  api: EngineUnderTest,
  caller: Record<string, string>,
  rewardId: string,
  requestId = randomUUID(),
): Promise<HttpResult> {
  return weSendGraphQL(
    api,
    {
      query: `mutation($input: RedeemRewardInput!) { redeemReward(input: $input) { ${REWARD_REDEMPTION_FIELDS} } }`,
      variables: { input: { rewardId, requestId } },
    },
    caller,
  );
}

export async function weAdjustPoints(
  api: EngineUnderTest,
  input: { customerId: string; points: number; reason: string; requestId: string },
): Promise<HttpResult> {
  return weSendGraphQL(
    api,
    { query: `mutation($input: AdjustPointsInput!) { adjustPoints(input: $input) { ${ENTRY_FIELDS} } }`, variables: { input } },
    await anIdTokenCaller(api, 'admin'),
  );
}

export async function weCancelRewardRedemption(api: EngineUnderTest, redemptionId: string, reason: string): Promise<HttpResult> {
  return weSendGraphQL(
    api,
    {
      query: `mutation($input: CancelRewardRedemptionInput!) { cancelRewardRedemption(input: $input) { ${REWARD_REDEMPTION_FIELDS} } }`,
      variables: { input: { redemptionId, reason } },
    },
    await anIdTokenCaller(api, 'admin'),
  );
}

export async function weImportRewards(api: EngineUnderTest, input: Array<Record<string, unknown>>): Promise<HttpResult> {
  return weSendGraphQL(
    api,
    {
      query: 'mutation($input: [CreateRewardInput!]!) { importRewards(input: $input) { imported ids items { index id outcome reason } } }',
      variables: { input },
    },
    await anIdTokenCaller(api, 'admin'),
  );
}

/** The local stack's Loyalty table and bus: the stack name the local stage keeps (infra/app.ts), their pinned names. */
const LOCAL_LOYALTY_TABLE = 'LoyaltyGraph-GiftCodesLoyalty55AF8356';
const LOCAL_BUS = 'LoyaltyGraph-events';

/**
 * The scheduled account job (expiry and its warnings) runs for one member as of `now`, as the schedule runs it but
 * at a chosen moment (`AccountJob.now`): against the engine's table, publishing to the engine's bus, so what follows
 * happens in the engine. The engine's own schedule fires at the real time, a year too early for an expiry.
 */
export async function theAccountJobRunsFor(api: EngineUnderTest, customerId: string, now: string) {
  useLocalAws('loyalty-account-job', {
    LOYALTY_TABLE: LOCAL_LOYALTY_TABLE,
    BUS_NAME: LOCAL_BUS,
    AWS_ENDPOINT_URL_EVENTBRIDGE: api.url.replace('/graphql', '/_aws/eventbridge'),
  });
  const job = await import('../../functions/loyalty-ledger/expiry-job.js');
  return job.handler({ task: 'expire', now, customerId });
}

// ---- then

export async function theAccountOf(api: EngineUnderTest, caller: Record<string, string>): Promise<any> {
  const data = itSucceeded(
    await weSendGraphQL(
      api,
      { query: `{ myLoyalty { ${ACCOUNT_FIELDS} ledger(limit: 100) { items { ${ENTRY_FIELDS} } nextToken } } }` },
      caller,
    ),
  );
  return data.myLoyalty;
}

export async function theRewardRedemptionsOf(api: EngineUnderTest, caller: Record<string, string>): Promise<any[]> {
  const data = itSucceeded(
    await weSendGraphQL(api, { query: `{ myRewardRedemptions(limit: 100) { items { ${REWARD_REDEMPTION_FIELDS} } nextToken } }` }, caller),
  );
  return data.myRewardRedemptions.items;
}

export async function theStockOf(api: EngineUnderTest, rewardId: string): Promise<number> {
  const data = itSucceeded(
    await weSendGraphQL(
      api,
      { query: 'query($id: ID!) { reward(id: $id) { stock } }', variables: { id: rewardId } },
      await anIdTokenCaller(api, 'admin'),
    ),
  );
  return data.reward.stock;
}
