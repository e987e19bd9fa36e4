/**
 * A customer's redemption through the web app's own client module (unmodified aws-amplify v6 in Node): signed
 * in with SRP against the local pool, following onRedemptionUpdated, redeeming, then reading points and history.
 */
import { signIn, signOut } from 'aws-amplify/auth';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MyLoyaltyQuery, OnRedemptionUpdatedSubscription, RedeemGiftCodeMutation } from '../../web/src/generated/operations.js';
import { configureApi, request, subscribe } from '../../web/src/api/client.js';
import { installLoopbackWebSocket } from '../../web/src/dev/local-websocket.js';
import { aFreshCustomer, type FreshCustomer } from '../steps/customer-steps.js';
import { theProductApi } from '../steps/given-steps.js';
import { aRequestId, REDEMPTION_FIELDS, someIssuedCodes } from '../steps/gift-code-steps.js';
import { eventually } from '../steps/then-steps.js';

const api = theProductApi();
installLoopbackWebSocket(globalThis, WebSocket);
let shopper: FreshCustomer;

beforeAll(async () => {
  configureApi({
    endpoint: api.url,
    region: api.userPool!.region,
    userPool: { userPoolId: api.userPool!.id, userPoolClientId: api.userPool!.clientId, userPoolEndpoint: api.userPool!.endpoint },
  });
  shopper = await aFreshCustomer(api);
  await signIn({ username: shopper.username, password: shopper.password });
});
afterAll(() => signOut().catch(() => {}));

describe('redeeming with aws-amplify v6', () => {
  it('shows the redemption progress live, then the credited points', async () => {
    const customerId = shopper.sub;
    const codes = await someIssuedCodes(api, { count: 20, value: { kind: 'POINTS', amount: 40 } });
    const pushed: OnRedemptionUpdatedSubscription['onRedemptionUpdated'][] = [];
    const stop = subscribe<OnRedemptionUpdatedSubscription>(
      `subscription OnRedemptionUpdated($customerId: ID!) { onRedemptionUpdated(customerId: $customerId) { ${REDEMPTION_FIELDS} } }`,
      { customerId },
      { next: (data) => pushed.push(data.onRedemptionUpdated), error: (error) => pushed.push({ error } as never) },
    );
    const redeem = (code: string) =>
      request<RedeemGiftCodeMutation>(
        `mutation RedeemGiftCode($input: RedeemGiftCodeInput!) { redeemGiftCode(input: $input) { ${REDEMPTION_FIELDS} } }`,
        { input: { code, requestId: aRequestId() } },
      );

    // Amplify does not tell its caller when the subscription is live: redeem until a push arrives
    let redeemed = 0;
    let last: RedeemGiftCodeMutation['redeemGiftCode'] | undefined;
    for (; redeemed < codes.length && !pushed.length; redeemed++) {
      last = (await redeem(codes[redeemed])).redeemGiftCode;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect(last?.status).toBe('REDEEMED');
    const { redeemGiftCode: mine } = await redeem(codes[redeemed]);
    redeemed += 1;

    await eventually(async () => {
      const ofMine = pushed.filter((update) => update?.id === mine.id).map((update) => update!.status);
      expect(ofMine).toEqual(['REDEEMED', 'VALUE_APPLIED']);
    });
    stop();

    const loyalty = await eventually(async () => {
      const { myLoyalty } = await request<MyLoyaltyQuery>(
        'query MyLoyalty { myLoyalty { customerId balance ledger(limit: 50) { items { id points redemptionId } } } }',
        {},
      );
      expect(myLoyalty.balance).toBe(40 * redeemed);
      return myLoyalty;
    });
    expect(loyalty.customerId).toBe(customerId);
    expect(loyalty.ledger.items.filter((entry) => entry.redemptionId === mine.id)).toHaveLength(1);
  });
});
