import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../local/events/event-log.js';
import { anOutboxItemIsCommitted, theActivityOf, theEventFabricApi } from '../steps/event-steps.js';
import { eventually } from '../steps/then-steps.js';
import { weSendRaw } from '../steps/when-steps.js';

const api = theEventFabricApi();

describe('DynamoDB Streams', () => {
  it('delivers a committed item’s stream record to the Lambda event source mapping', async () => {
    const pk = `order-${randomUUID()}`;
    await anOutboxItemIsCommitted({ pk, sk: 'v1', kind: 'note' });
    const [entry] = await eventually(async () => {
      const entries = await theActivityOf(`stream#${pk}`);
      expect(entries).toHaveLength(1);
      return entries;
    });
    expect(entry.eventSourceARN.S).toMatch(/^arn:aws:dynamodb:us-east-1:000000000000:table\/fabric-fixture-outbox\/stream\//);
  });

  it('publishes outbox domain events through the pipe: filtered, shaped by the input template, onto the bus', async () => {
    const [pk, eventId] = [`order-${randomUUID()}`, randomUUID()];
    await anOutboxItemIsCommitted({ pk: `skip-${pk}`, sk: 'v1', kind: 'note', eventId: randomUUID() });
    await anOutboxItemIsCommitted({ pk, sk: 'v1', kind: 'domain-event', eventId });
    const published = await eventually(async () => {
      const { body } = await weSendRaw(api.url.replace('/graphql', '/_local/events'), { method: 'GET' });
      const found = (body.events as LoggedEvent[]).filter(
        (entry) => entry.event.source === 'loyalty.outbox' && JSON.stringify(entry.event.detail).includes(pk),
      );
      expect(found).toHaveLength(1);
      return found[0];
    });
    expect(published.event['detail-type']).toBe('outbox_committed');
    expect(published.event.detail).toEqual({ metadata: { event_id: eventId, name: 'outbox_committed' }, data: { subject: pk } });
  });
});
