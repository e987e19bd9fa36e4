// One file, so its tests run one after another: faults are engine-wide, and the relay pipe's batches are shared.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../local/events/event-log.js';
import { aFaultIsArmed, aResolverTriesToPublish, theArmedFaults, weArmAFault, weClearTheFaults } from '../steps/fault-steps.js';
import { anOutboxItemIsCommitted, theActivityOf, theDeadLetterQueue, theEventFabricApi, theSdkPublishes } from '../steps/event-steps.js';
import { eventually } from '../steps/then-steps.js';
import { weSendRaw } from '../steps/when-steps.js';

const api = theEventFabricApi();
afterEach(() => weClearTheFaults(api));

async function theEventsFrom(source: string, subject: string): Promise<LoggedEvent[]> {
  const { body } = await weSendRaw(api.url.replace('/graphql', '/_local/events'), { method: 'GET' });
  return (body.events as LoggedEvent[]).filter(
    (entry) => entry.event.source === source && JSON.stringify(entry.event.detail).includes(subject),
  );
}

/** The relayed event of an item, once there is one (and never a second). */
async function theRelayedEvent(pk: string): Promise<LoggedEvent> {
  return eventually(async () => {
    const found = await theEventsFrom('fabric.relay', pk);
    expect(found).toHaveLength(1);
    return found[0];
  });
}

/** How often this engine's relay ran on an item (the relay counts per engine). */
async function runsOfTheRelayFor(pk: string): Promise<number> {
  const counter = (await theActivityOf(`relay#${pk}`)).find((entry) => entry.sk.S === `runs@${new URL(api.url).host}`);
  return Number(counter?.runs?.N ?? 0);
}

describe('the relay pipe: stream records → enrichment Lambda → one event per returned object', () => {
  it('publishes each item’s detail as the enrichment shaped it', async () => {
    const [pk, eventId] = [`relay-${randomUUID()}`, randomUUID()];
    await anOutboxItemIsCommitted({ pk, sk: 'v1', kind: 'relay', eventId });
    const relayed = await theRelayedEvent(pk);
    expect(relayed.event['detail-type']).toBe('relay_committed');
    expect(relayed.event.detail).toEqual({ metadata: { event_id: eventId, name: 'relay_committed' }, data: { subject: pk } });
  });

  it('retries a failing batch MaximumRetryAttempts times, then describes it in the pipe’s DLQ and moves on', async () => {
    const before = (await theDeadLetterQueue(api, 'RelayPipeDlq')).messages.length;
    const poison = `relay-poison-${randomUUID()}`;
    await anOutboxItemIsCommitted({ pk: poison, sk: 'v1', kind: 'relay', eventId: randomUUID(), poison: 'yes' });
    const message = await eventually(async () => {
      const { messages } = await theDeadLetterQueue(api, 'RelayPipeDlq');
      expect(messages).toHaveLength(before + 1);
      return JSON.parse(messages.at(-1)!.body);
    });
    expect(message.context).toEqual({
      partnerResourceArn: 'arn:aws:pipes:us-east-1:000000000000:pipe/EventFabricFixture-RelayPipe',
      condition: 'RetryAttemptsExhausted',
    });
    expect(message.DDBStreamBatchInfo).toMatchObject({
      batchSize: 1,
      streamArn: expect.stringMatching(/:table\/fabric-fixture-outbox\/stream\//),
    });
    expect(await runsOfTheRelayFor(poison)).toBe(3);

    // the shard moved on
    const next = `relay-${randomUUID()}`;
    await anOutboxItemIsCommitted({ pk: next, sk: 'v1', kind: 'relay', eventId: randomUUID() });
    await theRelayedEvent(next);
  });

  it('an enrichment that crashes after doing its work is retried: the work is done again, the event published once', async () => {
    await aFaultIsArmed(api, { kind: 'lambda.crash', functionName: 'OutboxRelay', count: 2, when: 'after' });
    const pk = `relay-${randomUUID()}`;
    await anOutboxItemIsCommitted({ pk, sk: 'v1', kind: 'relay', eventId: randomUUID() });
    await theRelayedEvent(pk);
    expect(await runsOfTheRelayFor(pk)).toBe(3);
    expect(await theArmedFaults(api)).toEqual([]);
  });

  it('an enrichment that crashes before its handler runs does no work on those attempts', async () => {
    await aFaultIsArmed(api, { kind: 'lambda.crash', functionName: 'OutboxRelay', count: 2, when: 'before' });
    const pk = `relay-${randomUUID()}`;
    await anOutboxItemIsCommitted({ pk, sk: 'v1', kind: 'relay', eventId: randomUUID() });
    await theRelayedEvent(pk);
    expect(await runsOfTheRelayFor(pk)).toBe(1);
  });
});

describe('eventbridge.reject: the next N PutEvents entries from clients fail', () => {
  const anEvent = () => ({
    source: 'faults.test',
    detailType: 'fault_rehearsed',
    detail: { metadata: { event_id: randomUUID() }, data: { subject: randomUUID() } },
  });

  it('fails the AppSync data source’s entries with InternalFailure, counted in FailedEntryCount, then disarms', async () => {
    await aFaultIsArmed(api, { kind: 'eventbridge.reject', count: 1, source: 'faults.test' });
    const rejected = anEvent();
    expect(await aResolverTriesToPublish(api, rejected)).toEqual({ eventIds: [''], failed: 1 });
    expect(await theEventsFrom('faults.test', rejected.detail.data.subject)).toEqual([]);

    const accepted = anEvent();
    expect((await aResolverTriesToPublish(api, accepted)).failed).toBe(0);
    expect(await theEventsFrom('faults.test', accepted.detail.data.subject)).toHaveLength(1);
  });

  it('fails entries sent to the SDK endpoint one by one', async () => {
    await aFaultIsArmed(api, { kind: 'eventbridge.reject', count: 2, source: 'faults.test' });
    const entries = [anEvent(), anEvent(), anEvent()].map((event) => ({
      EventBusName: 'fabric-fixture',
      Source: event.source,
      DetailType: event.detailType,
      Detail: JSON.stringify(event.detail),
    }));
    const output = await theSdkPublishes(api, entries);
    expect(output.FailedEntryCount).toBe(2);
    expect(output.Entries!.map((entry) => entry.ErrorCode ?? 'ok')).toEqual(['InternalFailure', 'InternalFailure', 'ok']);
  });

  it('spares what pipes publish, so the outbox still delivers', async () => {
    await aFaultIsArmed(api, { kind: 'eventbridge.reject', count: 1, source: 'loyalty.outbox' });
    const pk = `order-${randomUUID()}`;
    await anOutboxItemIsCommitted({ pk, sk: 'v1', kind: 'domain-event', eventId: randomUUID() });
    await eventually(async () => expect(await theEventsFrom('loyalty.outbox', pk)).toHaveLength(1));
    expect((await theArmedFaults(api)).map((fault) => [fault.kind, fault.count])).toEqual([['eventbridge.reject', 1]]);
  });
});

describe('/_local/faults', () => {
  it('lists the armed faults with what is left of each, and clears them', async () => {
    await aFaultIsArmed(api, { kind: 'eventbridge.reject', count: 3, source: 'faults.test.listing' });
    await aFaultIsArmed(api, { kind: 'lambda.crash', functionName: 'OutboxRelay', count: 1, when: 'before' });
    const armed = await theArmedFaults(api);
    expect(armed).toEqual([
      expect.objectContaining({ kind: 'eventbridge.reject', count: 3, source: 'faults.test.listing', injected: 0 }),
      expect.objectContaining({ kind: 'lambda.crash', functionName: 'OutboxRelay', count: 1, when: 'before', injected: 0 }),
    ]);
    expect(await weClearTheFaults(api)).toBe(2);
    expect(await theArmedFaults(api)).toEqual([]);
  });

  it('names the functions a crash fault matches', async () => {
    const result = await weArmAFault(api, { kind: 'lambda.crash', functionName: 'OutboxRelay', count: 1, when: 'after' });
    expect(result.status).toBe(201);
    expect(result.body.functions).toEqual([expect.stringMatching(/^EventFabricFixture-OutboxRelay/)]);
  });

  it('refuses a body it cannot arm with a message saying why', async () => {
    for (const [body, message] of [
      ['{not json', /must be JSON/],
      [{ kind: 'disk.full' }, /Unknown kind "disk.full"/],
      [{ kind: 'eventbridge.reject', count: 0 }, /count must be a whole number/],
      [{ kind: 'eventbridge.reject', count: 1, functionName: 'x' }, /Unknown field\(s\) for eventbridge.reject: functionName/],
      [{ kind: 'lambda.crash', count: 1 }, /functionName must be a non-empty string/],
      [{ kind: 'lambda.crash', functionName: 'NoSuchFunction', count: 1 }, /No function's name or logical id contains "NoSuchFunction"/],
      [{ kind: 'lambda.crash', functionName: 'OutboxRelay', count: 1, when: 'during' }, /when must be "before" or "after"/],
    ] as const) {
      const result = await weArmAFault(api, body);
      expect(result.status, result.text).toBe(400);
      expect(result.body.message).toMatch(message);
    }
    expect(await theArmedFaults(api)).toEqual([]);
  });
});
