import { describe, expect, it } from 'vitest';
import { anApiKeyCaller, theFixtureApi } from '../steps/given-steps.js';
import { itSucceeded } from '../steps/then-steps.js';
import { weSendGraphQL } from '../steps/when-steps.js';

const api = theFixtureApi();
const key = anApiKeyCaller(api);
const query = `query S($input: ScalarsInput!) { scalars(input: $input) { date time dateTime timestamp email json url phone ip } }`;
const send = (input: Record<string, unknown>) => weSendGraphQL(api, { query, variables: { input } }, key);

describe('AWS scalars are validated before any resolver runs', () => {
  it('accepts valid values of every AWS scalar and passes AWSJSON to resolvers parsed', async () => {
    const input = {
      date: '2026-11-22',
      time: '13:45:00.123Z',
      dateTime: '2026-11-22T13:45:00.000+01:00',
      timestamp: 1795000000,
      email: 'ada@example.com',
      json: '{"points":10,"tags":["a"]}',
      url: 'https://example.com/rewards/1.png',
      phone: '+44 20 7946 0958',
      ip: '2001:db8::1',
    };
    const data = itSucceeded(await send(input));
    expect(data.scalars).toEqual({ ...input, json: JSON.stringify({ points: 10, tags: ['a'] }) });
  });

  const invalid: Array<[string, unknown]> = [
    ['date', '2026-02-30'],
    ['date', '22/11/2026'],
    ['time', '25:00'],
    ['dateTime', '2026-11-22T13:45:00'],
    ['timestamp', 1.5],
    ['email', 'not-an-email'],
    ['json', '{a:1}'],
    ['url', 'example.com/no-scheme'],
    ['phone', 'call me'],
    ['ip', '999.1.1.1'],
  ];
  for (const [field, value] of invalid) {
    it(`rejects ${field} = ${JSON.stringify(value)} with a validation error naming the variable`, async () => {
      const result = await send({ [field]: value });
      expect(result.status).toBe(200);
      expect(result.body.data).toBeNull();
      expect(result.body.errors[0].message).toMatch(/^Variable 'input' has an invalid value: /);
      expect(result.body.errors[0].locations[0].sourceName).toBeNull();
    });
  }

  it('rejects an invalid literal in the query text too', async () => {
    const result = await weSendGraphQL(api, { query: '{ scalars(input: { email: "nope" }) { email } }' }, key);
    expect(result.body.data).toBeNull();
    expect(result.body.errors[0].message).toMatch(/AWSEmail/);
  });
});
