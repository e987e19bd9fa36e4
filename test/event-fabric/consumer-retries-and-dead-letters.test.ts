import { describe, expect, it } from 'vitest';
import {
  aDomainEvent,
  aResolverPublishes,
  ACTIVITY_TABLE,
  theActivityOf,
  theDatabase,
  theDeadLetterQueue,
  theEventFabricApi,
  theSettledDeliveries,
  weRedrive,
} from '../steps/event-steps.js';
import { eventually } from '../steps/then-steps.js';

const api = theEventFabricApi();

describe('a failing Lambda target is retried per the rule’s retry policy, then dead-lettered', () => {
  it('a consumer that fails twice then succeeds has done its work once', async () => {
    const event = aDomainEvent('fabric.test', 'flaky_thing', { failTimes: 2 });
    const eventId = await aResolverPublishes(api, event);

    const [delivery] = await theSettledDeliveries(api, eventId);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastError: { code: 'PlannedFailure' } });
    const activity = await theActivityOf(event.subject);
    expect(activity).toHaveLength(1);
    expect(activity[0].attempts.N).toBe('3');
  });

  it('one that always fails ends in the DLQ with EventBridge’s error attributes, and succeeds after redrive', async () => {
    const event = aDomainEvent('fabric.test', 'flaky_thing');
    const broken = { pk: { S: `broken#${event.subject}` }, sk: { S: 'switch' } };
    await theDatabase().call('PutItem', { TableName: ACTIVITY_TABLE, Item: broken });
    const eventId = await aResolverPublishes(api, event);

    const [delivery] = await theSettledDeliveries(api, eventId);
    expect(delivery).toMatchObject({ status: 'dead-lettered', attempts: 3, lastError: { code: 'ConsumerBroken' } });
    const dlq = await theDeadLetterQueue(api, 'FlakyDlq');
    const message = dlq.messages.find((candidate) => JSON.parse(candidate.body).id === eventId)!;
    expect(JSON.parse(message.body).detail).toEqual(event.detail);
    const attribute = (name: string) => message.messageAttributes[name]?.StringValue;
    expect(attribute('RULE_ARN')).toMatch(
      /^arn:aws:events:us-east-1:000000000000:rule\/fabric-fixture\/EventFabricFixture-TestEventsToFlaky/,
    );
    expect(attribute('TARGET_ARN')).toMatch(/^arn:aws:lambda:us-east-1:000000000000:function:EventFabricFixture-FlakyRecorder/);
    expect([attribute('ERROR_CODE'), attribute('EXHAUSTED_RETRY_CONDITION'), attribute('RETRY_ATTEMPTS')]).toEqual([
      'ConsumerBroken',
      'MaximumRetryAttempts',
      '2',
    ]);
    expect(await theActivityOf(event.subject)).toHaveLength(0);

    // the bug is fixed; the DLQ is redriven
    await theDatabase().call('DeleteItem', { TableName: ACTIVITY_TABLE, Key: broken });
    expect((await weRedrive(api, dlq.name, [message.messageId])).redriven).toEqual([message.messageId]);
    await eventually(async () => expect(await theActivityOf(event.subject)).toHaveLength(1));
    expect((await theDeadLetterQueue(api, 'FlakyDlq')).messages.map((candidate) => candidate.messageId)).not.toContain(message.messageId);
  });
});

describe('consumers are idempotent on detail.metadata.event_id', () => {
  it('processes a duplicate event once', async () => {
    const event = aDomainEvent('loyalty.rewards', 'reward_updated');
    // two PutEvents of one domain event: EventBridge gives them two ids, the consumer sees one event_id
    const [first, second] = [await aResolverPublishes(api, event), await aResolverPublishes(api, event)];
    expect(first).not.toBe(second);
    for (const eventId of [first, second])
      expect((await theSettledDeliveries(api, eventId)).every((delivery) => delivery.status === 'delivered')).toBe(true);
    const fromRule = (await theActivityOf(event.subject)).filter((entry) => !entry.via);
    expect(fromRule).toHaveLength(1);
  });
});
