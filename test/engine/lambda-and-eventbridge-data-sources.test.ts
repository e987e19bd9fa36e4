import { describe, expect, it } from 'vitest';
import { anApiKeyCaller, theFixtureApi } from '../steps/given-steps.js';
import { itSucceeded, theFieldFailed } from '../steps/then-steps.js';
import { weSendGraphQL, weSendRaw } from '../steps/when-steps.js';

const api = theFixtureApi();
const key = anApiKeyCaller(api);

describe('the Lambda data source runs the bundled function asset', () => {
  it('invokes it with the payload and the environment the template gives it', async () => {
    const data = itSucceeded(await weSendGraphQL(api, { query: '{ invoke(payload: "{\\"hello\\":\\"lambda\\"}") }' }, key));
    const payload = JSON.parse(data.invoke);
    expect(payload).toMatchObject({ received: { input: { hello: 'lambda' } }, region: 'us-east-1' });
    expect(payload.table).toMatch(/^EngineFixture-Items/);
  });

  it('surfaces a function that throws as a Lambda:Unhandled error', async () => {
    theFieldFailed(
      await weSendGraphQL(api, { query: '{ invokeFailing }' }, key),
      ['invokeFailing'],
      'Lambda:Unhandled',
      'the fixture failed on purpose',
    );
  });

  it('batches sibling fields into one BatchInvoke and maps per-item errors', async () => {
    const result = await weSendGraphQL(api, { query: '{ people(names: ["Ada", "Mallory", "Grace"]) { name greeting } }' }, key);
    expect(result.body.data.people).toEqual([
      { name: 'Ada', greeting: 'Hello, Ada' },
      { name: 'Mallory', greeting: null },
      { name: 'Grace', greeting: 'Hello, Grace' },
    ]);
    theFieldFailed(result, ['people', 1, 'greeting'], 'Forbidden', 'Mallory may not be greeted');
  });
});

describe('the EventBridge data source puts events on the local bus', () => {
  it('records a published event in the envelope EventBridge delivers', async () => {
    const detail = { metadata: { event_id: `e-${Date.now()}` }, data: { n: 1 } };
    const data = itSucceeded(
      await weSendGraphQL(
        api,
        {
          query: 'mutation($d: AWSJSON!) { publish(source: "loyalty.test", detailType: "thing_happened", detail: $d) { eventIds failed } }',
          variables: { d: JSON.stringify(detail) },
        },
        key,
      ),
    );
    expect(data.publish.failed).toBe(0);
    const [eventId] = data.publish.eventIds;
    const recorded = await weSendRaw(api.url.replace('/graphql', '/_local/events'), { method: 'GET' });
    const event = recorded.body.events.find((entry: { event: { id: string } }) => entry.event.id === eventId);
    expect(event.bus).toBe('engine-fixture');
    expect(event.event).toMatchObject({
      version: '0',
      source: 'loyalty.test',
      'detail-type': 'thing_happened',
      account: '000000000000',
      region: 'us-east-1',
      resources: [],
      detail,
    });
    expect(event.event.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});
