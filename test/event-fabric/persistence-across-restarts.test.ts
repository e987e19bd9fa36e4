import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../local/engine.js';
import {
  aDomainEvent,
  ACTIVITY_TABLE,
  theActivityOf,
  theDatabase,
  theDeadLetterQueue,
  theLoggedEvent,
  theSdkPublishes,
  weRedrive,
  type FabricApi,
} from '../steps/event-steps.js';
import { eventually } from '../steps/then-steps.js';
import { weSendRaw } from '../steps/when-steps.js';

const assemblyDir = path.resolve(import.meta.dirname, '../.out/event-fabric.cdk.out');
const dataDir = mkdtempSync(path.join(tmpdir(), 'event-fabric-'));
const timeScale = 0.02;
const start = () => startEngine({ assemblyDir, dataDir, port: 0, dynamoDbEndpoint: inject('dynamoDbEndpoint'), eventTimeScale: timeScale });
const asApi = (engine: RunningEngine): FabricApi => ({ url: engine.url, apiKey: engine.apiKeys[0].value, timeScale });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('events, queue contents and DLQs survive a restart', () => {
  it('keeps the event log, a queued message and a dead letter, and can redrive it after the restart', async () => {
    const failing = aDomainEvent('fabric.test', 'flaky_thing');
    const queued = aDomainEvent('loyalty.giftcodes', 'gift_code_expired');
    const broken = { pk: { S: `broken#${failing.subject}` }, sk: { S: 'switch' } };
    await theDatabase().call('PutItem', { TableName: ACTIVITY_TABLE, Item: broken });
    const entry = (event: typeof failing) => ({
      EventBusName: 'fabric-fixture',
      Source: event.source,
      DetailType: event.detailType,
      Detail: JSON.stringify(event.detail),
      Resources: event.resources,
    });

    const first = await start();
    let failingId: string;
    let queuedId: string;
    try {
      const output = await theSdkPublishes(asApi(first), [entry(failing), entry(queued)]);
      [failingId, queuedId] = output.Entries!.map((result) => result.EventId!);
      await eventually(async () => expect((await theDeadLetterQueue(asApi(first), 'FlakyDlq')).messages).toHaveLength(1));
    } finally {
      await first.stop();
    }

    const second = await start();
    try {
      const api = asApi(second);
      expect((await theLoggedEvent(api, queuedId)).matchedRules).toHaveLength(1);
      expect((await theLoggedEvent(api, failingId)).deliveries[0].status).toBe('dead-lettered');
      const { body } = await weSendRaw(api.url.replace('/graphql', '/_local/queues'), { method: 'GET' });
      const giftCodes = body.queues.find((queue: { name: string }) => queue.name.includes('GiftCodesQueue'));
      expect(giftCodes.messages.map((message: { body: string }) => JSON.parse(message.body).id)).toEqual([queuedId]);

      const dlq = await theDeadLetterQueue(api, 'FlakyDlq');
      await theDatabase().call('DeleteItem', { TableName: ACTIVITY_TABLE, Key: broken });
      await weRedrive(api, dlq.name);
      await eventually(async () => expect(await theActivityOf(failing.subject)).toHaveLength(1));
    } finally {
      await second.stop();
    }
  });

  it('makes a delivery that was held when the engine stopped after the restart, once', async () => {
    const event = aDomainEvent('fabric.test', 'flaky_thing');
    const first = await start();
    let eventId: string;
    try {
      const held = await weSendRaw(first.url.replace('/graphql', '/_local/deliveries'), {
        body: JSON.stringify({ hold: 'TestEventsToFlaky' }),
      });
      expect(held.body).toMatchObject({ holds: ['TestEventsToFlaky'] });
      [eventId] = (
        await theSdkPublishes(asApi(first), [
          {
            EventBusName: 'fabric-fixture',
            Source: event.source,
            DetailType: event.detailType,
            Detail: JSON.stringify(event.detail),
            Resources: event.resources,
          },
        ])
      ).Entries!.map((result) => result.EventId!);
      expect((await theLoggedEvent(asApi(first), eventId)).deliveries).toMatchObject([{ status: 'in-progress', attempts: 0 }]);
    } finally {
      await first.stop();
    }
    expect(await theActivityOf(event.subject)).toHaveLength(0);

    // a restart forgets the hold; the delivery it kept waiting is still in progress in the log, and resumes
    const second = await start();
    try {
      await eventually(async () => expect(await theActivityOf(event.subject)).toHaveLength(1));
      await eventually(async () =>
        expect((await theLoggedEvent(asApi(second), eventId)).deliveries).toMatchObject([{ status: 'delivered', attempts: 1 }]),
      );
    } finally {
      await second.stop();
    }
  });
});
