import { describe, expect, it } from 'vitest';
import { eventsCommand } from '../../local/events/events-command.js';
import {
  aDomainEvent,
  aResolverPublishes,
  ACTIVITY_TABLE,
  theActivityOf,
  theDatabase,
  theEventFabricApi,
  theLoggedEvent,
  theSettledDeliveries,
} from '../steps/event-steps.js';
import { eventually } from '../steps/then-steps.js';

const api = theEventFabricApi();
const port = Number(new URL(api.url).port);
const run = async (...argv: string[]) => {
  const lines: string[] = [];
  const code = await eventsCommand(argv, port, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
};

describe('npm run events: see and repair through the running engine', () => {
  it('lists recent events with their rules and target outcomes, the DLQs, and redrives', async () => {
    const event = aDomainEvent('fabric.test', 'flaky_thing');
    const broken = { pk: { S: `broken#${event.subject}` }, sk: { S: 'switch' } };
    await theDatabase().call('PutItem', { TableName: ACTIVITY_TABLE, Item: broken });
    const eventId = await aResolverPublishes(api, event);
    await theSettledDeliveries(api, eventId);

    const list = await run('list', '--limit', '1000');
    expect(list.code).toBe(0);
    expect(list.output).toMatch(
      new RegExp(
        `fabric\\.test  flaky_thing  ${eventId}\\n    EventFabricFixture-TestEventsToFlaky\\w+ → arn:aws:lambda:[^ ]+: dead-lettered after 3 attempt\\(s\\)  → EventFabricFixture-FlakyDlq\\w+  last error ConsumerBroken`,
      ),
    );

    const dlq = await run('dlq');
    const messageId = new RegExp(`    ([0-9a-f-]{36})  .*\\n      \\{"version":"0","id":"${eventId}"`).exec(dlq.output)?.[1];
    expect(messageId, dlq.output).toBeDefined();

    await theDatabase().call('DeleteItem', { TableName: ACTIVITY_TABLE, Key: broken });
    const queueName = /^(EventFabricFixture-FlakyDlq\w+):/m.exec(dlq.output)![1];
    expect(await run('redrive', queueName, messageId!)).toEqual({ code: 0, output: 'redriven: 1' });
    await eventually(async () => expect(await theActivityOf(event.subject)).toHaveLength(1));
    expect((await run('redrive', 'NoSuchQueue')).code).toBe(1);
    expect((await run('bogus')).code).toBe(2);
  });

  it('holds one rule’s deliveries: the events are accepted and wait, then, released, each is delivered once', async () => {
    const event = aDomainEvent('fabric.test', 'flaky_thing');
    expect(await run('hold', 'TestEventsToFlaky')).toEqual({ code: 0, output: 'held: rules named like TestEventsToFlaky; waiting: 0' });
    let eventId = '';
    try {
      eventId = await aResolverPublishes(api, event);
      // long enough for a delivery to have happened, were it not held (they take milliseconds here)
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await theLoggedEvent(api, eventId)).deliveries).toMatchObject([{ status: 'in-progress', attempts: 0 }]);
      expect(await theActivityOf(event.subject)).toHaveLength(0);
      expect((await run('hold', 'EventsToFlaky')).output).toMatch(
        /^held: rules named like TestEventsToFlaky, rules named like EventsToFlaky; waiting: [1-9]\d*$/,
      );
      // another hold still covers the rule: nothing goes yet
      expect((await run('release', 'TestEventsToFlaky')).output).toMatch(
        /^released: 0\nheld: rules named like EventsToFlaky; waiting: [1-9]/,
      );
    } finally {
      expect((await run('release')).output).toMatch(/^released: [1-9]\d*\nheld: nothing; waiting: 0$/);
    }
    expect(await theSettledDeliveries(api, eventId)).toMatchObject([{ status: 'delivered', attempts: 1 }]);
    expect(await theActivityOf(event.subject)).toHaveLength(1);
  });
});
