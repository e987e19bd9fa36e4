import { describe, expect, it } from 'vitest';
import { aDomainEvent, aResolverPublishes, theActivityOf, theDeadLetterQueue, theEventFabricApi, weRedrive } from '../steps/event-steps.js';
import { eventually } from '../steps/then-steps.js';

const api = theEventFabricApi();

describe('SQS queues consumed by a Lambda event source mapping', () => {
  it('keeps only the messages the function reports as failed, and redrives them to the DLQ after maxReceiveCount', async () => {
    const good = aDomainEvent('loyalty.rewards', 'stock_changed');
    const bad = aDomainEvent('loyalty.rewards', 'stock_changed', { failInQueue: true });
    const badId = await aResolverPublishes(api, bad);
    await aResolverPublishes(api, good);

    await eventually(async () => expect((await theActivityOf(good.subject)).filter((entry) => entry.via?.S === 'queue')).toHaveLength(1));
    // received twice (maxReceiveCount 2), hidden for the visibility timeout in between, then moved
    const message = await eventually(async () => {
      const dlq = await theDeadLetterQueue(api, 'RewardsQueueDlq');
      const found = dlq.messages.find((candidate) => JSON.parse(candidate.body).id === badId);
      expect(found).toBeDefined();
      return found!;
    }, 20_000);
    expect(message.deadLetterSourceArn).toMatch(/:EventFabricFixture-RewardsQueue[0-9A-F]{8}$/);

    // SQS redrive: back to the source queue, where it fails again and returns to the DLQ
    const dlqName = (await theDeadLetterQueue(api, 'RewardsQueueDlq')).name;
    expect((await weRedrive(api, dlqName, [message.messageId])).redriven).toEqual([message.messageId]);
    await eventually(async () => {
      const again = (await theDeadLetterQueue(api, 'RewardsQueueDlq')).messages.find(
        (candidate) => JSON.parse(candidate.body).id === badId,
      );
      expect(again?.messageId).toBeDefined();
      expect(again!.messageId).not.toBe(message.messageId);
    }, 20_000);
  });
});
