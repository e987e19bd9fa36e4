import { describe, expect, it } from 'vitest';
import {
  aDomainEvent,
  aResolverPublishes,
  theActivityOf,
  theEventFabricApi,
  theLoggedEvent,
  theSdkPublishes,
  theSettledDeliveries,
} from '../steps/event-steps.js';
import { eventually } from '../steps/then-steps.js';
import { itSucceeded } from '../steps/then-steps.js';
import { weSendGraphQL } from '../steps/when-steps.js';

const api = theEventFabricApi();
const ruleNames = (names: string[]) => names.map((name) => name.replace(/^EventFabricFixture-/, '').replace(/[0-9A-F]{8}$/, '')).sort();

describe('rules route an event to exactly the targets whose patterns match', () => {
  it('takes an event a resolver published to the matching Lambda and queue targets, and nowhere else', async () => {
    const event = aDomainEvent('loyalty.rewards', 'reward_published', { title: 'Free coffee' });
    const eventId = await aResolverPublishes(api, event);

    const deliveries = await theSettledDeliveries(api, eventId);
    expect(ruleNames((await theLoggedEvent(api, eventId)).matchedRules)).toEqual(['RewardsToHistory', 'RewardsToQueue']);
    expect(deliveries.map((delivery) => [delivery.targetArn.split(':')[2], delivery.status]).sort()).toEqual([
      ['lambda', 'delivered'],
      ['sqs', 'delivered'],
    ]);
    // the Lambda target recorded it directly; the queue's consumer recorded it from the SQS message
    const activity = await eventually(async () => {
      const entries = await theActivityOf(event.subject);
      expect(entries).toHaveLength(2);
      return entries;
    });
    expect(activity.map((entry) => entry.via?.S ?? 'rule').sort()).toEqual(['queue', 'rule']);
    expect(activity.every((entry) => entry.eventId.S === event.detail.metadata.event_id)).toBe(true);
  });

  it('matches on detail fields: a gift-code event reaches only the gift-code queue', async () => {
    const eventId = await aResolverPublishes(api, aDomainEvent('loyalty.giftcodes', 'gift_code_redeemed'));
    const deliveries = await theSettledDeliveries(api, eventId);
    expect(ruleNames(deliveries.map((delivery) => delivery.rule))).toEqual(['GiftCodesToQueue']);
  });

  it('records an event no rule matches, with no deliveries', async () => {
    const eventId = await aResolverPublishes(api, aDomainEvent('loyalty.partners', 'partner_joined'));
    const entry = await theLoggedEvent(api, eventId);
    expect([entry.matchedRules, entry.deliveries]).toEqual([[], []]);
  });
});

describe('the PutEvents endpoint speaks EventBridge’s protocol', () => {
  it('accepts PutEvents from @aws-sdk/client-eventbridge and routes what it accepted', async () => {
    const event = aDomainEvent('loyalty.rewards', 'reward_archived');
    const output = await theSdkPublishes(api, [
      {
        EventBusName: 'fabric-fixture',
        Source: event.source,
        DetailType: event.detailType,
        Detail: JSON.stringify(event.detail),
        Resources: event.resources,
      },
      { EventBusName: 'no-such-bus', Source: 'x', DetailType: 'y', Detail: '{}' },
    ]);
    expect(output.FailedEntryCount).toBe(1);
    expect(output.Entries![1]).toMatchObject({ ErrorCode: 'ResourceNotFoundException' });
    await theSettledDeliveries(api, output.Entries![0].EventId!);
    await eventually(async () => expect(await theActivityOf(event.subject)).toHaveLength(2));
  });

  it('is what Lambda functions publish to with the SDK, unchanged (AWS_ENDPOINT_URL_EVENTBRIDGE)', async () => {
    const event = aDomainEvent('loyalty.giftcodes', 'gift_code_issued');
    const data = itSucceeded(
      await weSendGraphQL(
        api,
        {
          query: 'query($s: String!, $t: String!, $d: AWSJSON!) { publishWithSdk(source: $s, detailType: $t, detail: $d) }',
          variables: { s: event.source, t: event.detailType, d: JSON.stringify(event.detail) },
        },
        { 'x-api-key': api.apiKey },
      ),
    );
    const published = JSON.parse(data.publishWithSdk);
    expect(published.failed).toBe(0);
    const entry = await theLoggedEvent(api, published.eventIds[0]);
    expect(entry.event.detail).toEqual(event.detail);
  });
});
