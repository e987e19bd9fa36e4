/**
 * One rule set for reward content (schema/reward-content.ts): createReward, updateReward and importRewards refuse
 * the same bad content with the same reason, so a file that imports cleanly holds nothing the editor would refuse.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aUserCaller, theProductApi } from '../steps/given-steps.js';
import { itSucceeded, theFieldFailed } from '../steps/then-steps.js';
import { weSendGraphQL } from '../steps/when-steps.js';

const api = theProductApi();

const BAD_CONTENT: Array<[string, Record<string, unknown>]> = [
  ['title must not be blank', { title: '   ' }],
  ['pointsCost must be 0 or more', { pointsCost: -1 }],
  ['stock must be 0 or more', { stock: -5 }],
  ['perCustomerLimit must be 1 or more (or absent: no limit)', { perCustomerLimit: 0 }],
  ['minimumTier must be Bronze, Silver or Gold', { minimumTier: 'Platinum' }],
  ['availableFrom must be before availableUntil', { availableFrom: '2030-02-01T00:00:00Z', availableUntil: '2030-01-01T00:00:00+01:00' }],
  [
    'each locale may appear once in localized',
    {
      localized: [
        { locale: 'fr-FR', title: 'Tasse' },
        { locale: 'fr-FR', title: 'Mug' },
      ],
    },
  ],
  // several problems: both paths name the same one first
  ['pointsCost must be 0 or more', { pointsCost: -1, stock: -1, minimumTier: 'Platinum' }],
];

describe('reward content is checked by one rule set', async () => {
  const admin = await aUserCaller(api, 'admin');
  const gql = (query: string, variables: Record<string, unknown>) => weSendGraphQL(api, { query, variables }, admin);
  const reward = (overrides: Record<string, unknown>) => ({
    id: `reward-${randomUUID()}`,
    title: 'Mug',
    pointsCost: 10,
    stock: 1,
    ...overrides,
  });

  it.each(BAD_CONTENT)('createReward and importRewards both refuse it: %s', async (reason, bad) => {
    const [alone, imported] = [reward(bad), reward(bad)];
    theFieldFailed(
      await gql('mutation($i: CreateRewardInput!) { createReward(input: $i) { id } }', { i: alone }),
      ['createReward'],
      'InvalidRewardInput',
      reason,
    );
    const answer = itSucceeded(
      await gql('mutation($i: [CreateRewardInput!]!) { importRewards(input: $i) { items { index outcome reason } } }', { i: [imported] }),
    ).importRewards;
    expect(answer.items).toEqual([{ index: 0, outcome: 'REJECTED', reason: `InvalidRewardInput: ${reason}` }]);
  });

  it.each(['title', 'pointsCost', 'stock'])('updateReward refuses to clear the required %s, with a clear error', async (field) => {
    const { id } = itSucceeded(
      await gql('mutation($i: CreateRewardInput!) { createReward(input: $i) { id } }', { i: reward({}) }),
    ).createReward;
    theFieldFailed(
      await gql('mutation($i: UpdateRewardInput!) { updateReward(input: $i) { id } }', { i: { id, expectedVersion: 1, [field]: null } }),
      ['updateReward'],
      'InvalidRewardInput',
      `${field} is required: it cannot be cleared`,
    );
  });

  it.each(BAD_CONTENT)('updateReward refuses the same change: %s', async (reason, bad) => {
    const { id } = itSucceeded(
      await gql('mutation($i: CreateRewardInput!) { createReward(input: $i) { id } }', { i: reward({}) }),
    ).createReward;
    theFieldFailed(
      await gql('mutation($i: UpdateRewardInput!) { updateReward(input: $i) { id } }', { i: { id, expectedVersion: 1, ...bad } }),
      ['updateReward'],
      'InvalidRewardInput',
      reason,
    );
  });
});
