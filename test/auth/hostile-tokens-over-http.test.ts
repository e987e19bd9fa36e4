/** The hostile-token list end to end: each token sent to the product API's /graphql, every one refused, nothing crashes. */
import { beforeAll, describe, expect, it } from 'vitest';
import { aSignedInUser, theProductApi } from '../steps/given-steps.js';
import { hostileTokens, type HostileToken } from '../steps/hostile-tokens.js';
import { itSucceeded, theRequestWasRefused } from '../steps/then-steps.js';
import { weSendGraphQL } from '../steps/when-steps.js';

const app = theProductApi();
/** an admin-only field: any token that slipped through as an admin would show here */
const adminQuery = { query: 'mutation { publishReward(id: "hostile-token-probe", expectedVersion: 1) { id } }' };
const health = { query: '{ health { status } }' };

let tokens: HostileToken[];
beforeAll(async () => {
  tokens = await hostileTokens(app);
});

describe('tokens AppSync accepts', () => {
  it('takes both the ID token and the access token of a signed-in user, with no Bearer prefix needed', async () => {
    const { idToken, accessToken } = await aSignedInUser(app, 'customer');
    for (const token of [idToken, accessToken]) itSucceeded(await weSendGraphQL(app, health, { authorization: token }));
  });
});

describe('hostile tokens over HTTP', () => {
  it('refuses every one with 401 UnauthorizedException before any field runs', async () => {
    const refused: string[] = [];
    for (const { name, token, oversized } of tokens) {
      if (oversized) continue;
      const result = await weSendGraphQL(app, adminQuery, { authorization: token });
      expect(result.status, `${name}: ${result.text}`).toBe(401);
      theRequestWasRefused(result, 401, 'UnauthorizedException');
      refused.push(name);
    }
    expect(refused.length).toBeGreaterThanOrEqual(25);
  });

  it('refuses oversized tokens (and oversized headers) at the HTTP layer, and keeps answering', async () => {
    for (const { name, token } of tokens.filter((candidate) => candidate.oversized)) {
      const result = await weSendGraphQL(app, adminQuery, { authorization: token });
      expect(result.status, name).toBeGreaterThanOrEqual(400);
      expect(result.status, name).toBeLessThan(500);
    }
    const hugeHeader = await weSendGraphQL(app, health, { 'x-api-key': app.apiKey, 'x-padding': 'p'.repeat(64 * 1024) });
    expect(hugeHeader.status).toBeGreaterThanOrEqual(400);
    expect(hugeHeader.status).toBeLessThan(500);
    itSucceeded(await weSendGraphQL(app, health, { 'x-api-key': app.apiKey }));
  });

  it('keeps serving valid callers after the whole list, sent all at once', async () => {
    const results = await Promise.all(
      tokens.filter((t) => !t.oversized).map(({ token }) => weSendGraphQL(app, health, { authorization: token })),
    );
    expect(results.every((result) => result.status === 401)).toBe(true);
    const { accessToken } = await aSignedInUser(app, 'admin');
    expect(itSucceeded(await weSendGraphQL(app, health, { authorization: accessToken }))).toEqual({ health: { status: 'OK' } });
  });
});
