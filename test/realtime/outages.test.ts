/**
 * The engine's staged loss of one user's real-time connection (`/_local/realtime/outages`), which the web app's
 * "live updates paused" tests stand on: it cuts only that user's connections, holds their new handshakes while it
 * lasts, and lets them through, subscriptions and all, when it ends.
 */
import { describe, expect, it } from 'vitest';
import { aFreshCustomer } from '../steps/customer-steps.js';
import { theirLiveConnectionIsLost, theirNetworkIsBack, weCallTheOutagesRoute } from '../steps/fault-steps.js';
import { aSubscriber, theProductApi } from '../steps/given-steps.js';
import { theSubscriptionStarted } from '../steps/then-steps.js';
import { weSendRaw, weSubscribe } from '../steps/when-steps.js';

const api = theProductApi();
const ON_LOYALTY_UPDATED = 'subscription($customerId: ID!) { onLoyaltyUpdated(customerId: $customerId) { customerId balance } }';

describe("a staged loss of a user's real-time connection", () => {
  it("cuts only that user's connections, holds their reconnection until it ends, then lets them subscribe again", async () => {
    const [lost, bystander] = await Promise.all([aFreshCustomer(api), aFreshCustomer(api)]);
    const [theirs, others] = await Promise.all([aSubscriber(api, lost.caller), aSubscriber(api, bystander.caller)]);
    theSubscriptionStarted(await weSubscribe(theirs, ON_LOYALTY_UPDATED, { customerId: lost.sub }));

    expect(await theirLiveConnectionIsLost(api, lost.sub)).toBe(1);
    await theirs.client.closed;
    let reconnected = false;
    const reconnecting = aSubscriber(api, lost.caller).then((subscriber) => {
      reconnected = true;
      return subscriber;
    });
    // the bystander's connection still answers, while the lost user's handshake is still held
    theSubscriptionStarted(await weSubscribe(others, ON_LOYALTY_UPDATED, { customerId: bystander.sub }));
    expect(reconnected).toBe(false);

    await theirNetworkIsBack(api, lost.sub);
    const again = await reconnecting;
    theSubscriptionStarted(await weSubscribe(again, ON_LOYALTY_UPDATED, { customerId: lost.sub }));
    await Promise.all([again.client.close(), others.client.close()]);
  });

  it('says how to use it when the body names no user', async () => {
    const result = await weCallTheOutagesRoute(api, 'POST', '{}');
    expect(result.status).toBe(400);
    expect(result.body.message).toContain('"sub"');
    expect((await weSendRaw(api.url.replace('/graphql', '/_local/realtime/outages'), { method: 'GET' })).status).toBe(405);
  });
});
