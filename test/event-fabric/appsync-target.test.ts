import { describe, expect, it } from 'vitest';
import { aDomainEvent, aResolverPublishes, theActivityOf, theEventFabricApi, theSettledDeliveries } from '../steps/event-steps.js';
import { eventually } from '../steps/then-steps.js';

const api = theEventFabricApi();

describe('EventBridge → AppSync mutation targets', () => {
  it('runs the GraphQL operation with the input transformer’s variables, as the rule’s IAM role', async () => {
    const event = aDomainEvent('fabric.test', 'notice_requested');
    const eventId = await aResolverPublishes(api, event);
    expect((await theSettledDeliveries(api, eventId)).map((delivery) => delivery.status)).toEqual(['delivered']);
    const [notice] = await eventually(async () => {
      const entries = await theActivityOf(`notice#${event.subject}`);
      expect(entries).toHaveLength(1);
      return entries;
    });
    expect(notice.text.S).toBe(`Notice for ${event.subject} from fabric.test`);
    expect(notice.caller.S).toMatch(
      /^arn:aws:sts::000000000000:assumed-role\/EventFabricFixture-ApiEventsRole[0-9A-F]{8}\/eventbridge-target$/,
    );
  });
});
