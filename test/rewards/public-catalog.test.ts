import { describe, expect, it } from 'vitest';
import { anApiKeyCaller, theProductApi } from '../steps/given-steps.js';
import { itSucceeded, theFieldFailed } from '../steps/then-steps.js';
import { weSendGraphQL } from '../steps/when-steps.js';

const api = theProductApi();
const key = anApiKeyCaller(api);

describe('the product API with the public API key', () => {
  it('answers health from a NONE resolver', async () => {
    const data = itSucceeded(await weSendGraphQL(api, { query: '{ health { status time } }' }, key));
    expect(data.health.status).toBe('OK');
    expect(Date.parse(data.health.time)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('browses the published catalog and looks up a reward that does not exist', async () => {
    const data = itSucceeded(
      await weSendGraphQL(api, { query: '{ rewards(limit: 5) { items { id } nextToken } reward(id: "no-such-reward") { id } }' }, key),
    );
    expect(Array.isArray(data.rewards.items)).toBe(true);
    expect(data.reward).toBeNull();
  });

  it('may not create content: admin mutations are denied to the API key', async () => {
    const result = await weSendGraphQL(
      api,
      { query: 'mutation { createReward(input: { title: "Mug", pointsCost: 100, stock: 5 }) { id } }' },
      key,
    );
    theFieldFailed(result, ['createReward'], 'Unauthorized', 'Not Authorized to access createReward on type Mutation');
    expect(result.body.data).toBeNull();
  });
});
