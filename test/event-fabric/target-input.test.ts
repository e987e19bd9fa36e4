import { describe, expect, it } from 'vitest';
import type { RuleTargetModel } from '../../local/assembly/event-fabric-model.js';
import type { EventEnvelope } from '../../local/events/fabric.js';
import { targetInputText } from '../../local/events/target-input.js';

const event: EventEnvelope = {
  version: '0',
  id: 'e-1',
  'detail-type': 'reward_published',
  source: 'loyalty.rewards',
  account: '000000000000',
  time: '2026-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: ['urn:reward:1'],
  detail: { metadata: { event_id: 'm-1' }, data: { title: 'Say "hi"', points: 120, tags: ['a', 'b'] } },
};
const rule = { name: 'r', arn: 'arn:aws:events:us-east-1:000000000000:rule/r' };
const target = (overrides: Partial<RuleTargetModel>): RuleTargetModel => ({
  id: 't',
  arn: 'arn',
  input: null,
  inputPath: null,
  inputTransformer: null,
  retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeSeconds: 60 },
  deadLetterArn: null,
  roleArn: null,
  graphQLOperation: null,
  http: null,
  ...overrides,
});
const transform = (pathsMap: Record<string, string>, template: string) =>
  targetInputText(target({ inputTransformer: { pathsMap, template } }), event, rule, '2026-01-01T00:00:01Z');

describe('target input: Input, InputPath and InputTransformer as EventBridge computes them', () => {
  it('sends the whole event, a constant, or the part InputPath selects', () => {
    expect(JSON.parse(targetInputText(target({}), event, rule, ''))).toEqual(event);
    expect(targetInputText(target({ input: '{"fixed":true}' }), event, rule, '')).toBe('{"fixed":true}');
    expect(JSON.parse(targetInputText(target({ inputPath: '$.detail.data.tags[1]' }), event, rule, ''))).toBe('b');
  });

  it('quotes values outside strings as JSON and escapes them inside strings', () => {
    const text = transform(
      { title: '$.detail.data.title', points: '$.detail.data.points', tags: '$.detail.data.tags' },
      '{"t": <title>, "p": <points>, "all": <tags>, "line": "<title> costs <points>"}',
    );
    expect(JSON.parse(text)).toEqual({ t: 'Say "hi"', p: 120, all: ['a', 'b'], line: 'Say "hi" costs 120' });
  });

  it('fills a text template with the values as they are, and a missing path with null in JSON', () => {
    expect(transform({ title: '$.detail.data.title' }, '<title> was published')).toBe('Say "hi" was published');
    expect(JSON.parse(transform({ gone: '$.detail.nothing' }, '{"gone": <gone>}'))).toEqual({ gone: null });
  });

  it('offers the reserved aws.events.* variables', () => {
    const text = transform(
      {},
      '{"rule": <aws.events.rule-name>, "arn": <aws.events.rule-arn>, "at": <aws.events.event.ingestion-time>, "event": <aws.events.event.json>, "bare": <aws.events.event>}',
    );
    const parsed = JSON.parse(text);
    expect(parsed).toMatchObject({ rule: 'r', arn: rule.arn, at: '2026-01-01T00:00:01Z', event });
    expect(parsed.bare).not.toHaveProperty('detail');
    expect(parsed.bare.id).toBe('e-1');
  });
});
