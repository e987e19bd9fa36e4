/**
 * Enhanced filters (extensions.setSubscriptionFilter in the subscription resolver): every documented operator,
 * dot paths, AND within a group, OR across groups, AppSync's limits, and precedence over argument filtering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aFreshPartition, anApiKeyCaller, aSubscriber, theFixtureApi } from '../steps/given-steps.js';
import type { StartedSubscription, Subscriber } from '../steps/realtime-client.js';
import { theSubscriberReceives, theSubscriptionStarted, theSubscriptionWasRefused } from '../steps/then-steps.js';
import { weSendGraphQL, weSubscribe } from '../steps/when-steps.js';

const api = theFixtureApi();
const room = aFreshPartition('room');
const SELECTION = '{ id room author body priority score urgent tags meta { lang place { country city } } }';
const MESSAGES = [
  {
    id: 'm1',
    room,
    author: 'ada',
    body: 'hello world',
    priority: 1,
    score: 1.5,
    urgent: true,
    tags: ['a', 'b'],
    meta: { lang: 'en', place: { country: 'NL', city: 'Delft' } },
  },
  {
    id: 'm2',
    room,
    author: 'grace',
    body: 'goodbye',
    priority: 5,
    score: 9.75,
    urgent: false,
    tags: ['c'],
    meta: { lang: 'fr', place: { country: 'FR', city: 'Paris' } },
  },
  { id: 'm3', room, author: 'alan', body: 'hello again', priority: 10, tags: [], meta: { lang: 'en' } },
];

type Filter = { fieldName: string; operator: string; value: unknown };
/** Every group also pins this file's room, so messages other tests publish meanwhile never match. */
const groups = (...filterGroups: Filter[][]) => ({
  filterGroup: filterGroups.map((filters) => ({ filters: [{ fieldName: 'room', operator: 'eq', value: room }, ...filters] })),
});
const one = (fieldName: string, operator: string, value: unknown) => groups([{ fieldName, operator, value }]);

const CASES: Array<[string, unknown, string[]]> = [
  ['eq on an Int', one('priority', 'eq', 5), ['m2']],
  ['eq on a String is case-sensitive', one('author', 'eq', 'ADA'), []],
  ['eq on a Boolean', one('urgent', 'eq', true), ['m1']],
  ['eq on a Float', one('score', 'eq', 9.75), ['m2']],
  ['ne', one('author', 'ne', 'ada'), ['m2', 'm3']],
  ['lt', one('priority', 'lt', 5), ['m1']],
  ['le', one('priority', 'le', 5), ['m1', 'm2']],
  ['gt', one('priority', 'gt', 5), ['m3']],
  ['ge', one('priority', 'ge', 5), ['m2', 'm3']],
  [
    'lte and gte, as the documentation examples spell them',
    groups([
      { fieldName: 'priority', operator: 'gte', value: 1 },
      { fieldName: 'priority', operator: 'lte', value: 1 },
    ]),
    ['m1'],
  ],
  ['lt on strings', one('author', 'lt', 'b'), ['m1', 'm3']],
  ['contains a substring', one('body', 'contains', 'hello'), ['m1', 'm3']],
  ['contains an array element', one('tags', 'contains', 'c'), ['m2']],
  ['notContains', one('body', 'notContains', 'hello'), ['m2']],
  ['beginsWith', one('body', 'beginsWith', 'good'), ['m2']],
  ['in', one('author', 'in', ['ada', 'alan']), ['m1', 'm3']],
  ['notIn', one('author', 'notIn', ['ada', 'alan']), ['m2']],
  ['between, inclusive', one('priority', 'between', [5, 10]), ['m2', 'm3']],
  ['between on floats', one('score', 'between', [1, 2]), ['m1']],
  ['containsAny', one('tags', 'containsAny', ['b', 'c', 'z']), ['m1', 'm2']],
  ['a dot path', one('meta.place.country', 'eq', 'FR'), ['m2']],
  [
    'AND within a group',
    groups([
      { fieldName: 'meta.lang', operator: 'eq', value: 'en' },
      { fieldName: 'priority', operator: 'ge', value: 5 },
    ]),
    ['m3'],
  ],
  [
    'OR across groups',
    groups([{ fieldName: 'author', operator: 'eq', value: 'ada' }], [{ fieldName: 'priority', operator: 'eq', value: 10 }]),
    ['m1', 'm3'],
  ],
  ['a path deeper than five levels is ignored', one('a.b.c.d.e.f', 'eq', 'x'), ['m1', 'm2', 'm3']],
  ['an unknown operator matches nothing', one('priority', 'equals', 5), []],
];

let subscriber: Subscriber;
const started = new Map<string, StartedSubscription>();
let sentinel: StartedSubscription;

const send = (input: Record<string, unknown>) =>
  weSendGraphQL(
    api,
    { query: `mutation($input: MessageInput!) { sendMessage(input: $input) ${SELECTION} }`, variables: { input } },
    anApiKeyCaller(api),
  );
const matching = (filter: unknown) =>
  weSubscribe(subscriber, `subscription($filter: AWSJSON!) { onMessageMatching(filter: $filter) { id } }`, {
    filter: JSON.stringify(filter),
  });

beforeAll(async () => {
  subscriber = await aSubscriber(api, anApiKeyCaller(api));
  for (const [name, filter] of CASES) started.set(name, await matching(filter));
  started.set(
    'toSubscriptionFilter',
    await weSubscribe(subscriber, `subscription($room: String!) { onRoomMessage(room: $room, minPriority: 5) { id } }`, { room }),
  );
  sentinel = await weSubscribe(subscriber, `subscription($room: String) { onMessage(room: $room) { id } }`, { room: `${room}-sentinel` });
  for (const input of MESSAGES) await send(input);
  await send({ id: 'sentinel', room: `${room}-sentinel` });
  // the sentinel was published last: once it is here, every earlier delivery on this connection is too
  await theSubscriberReceives(sentinel);
});
afterAll(() => subscriber.client.close());

const idsReceived = (subscription: StartedSubscription) =>
  subscriber.client
    .dataOf(subscription.id)
    .map((payload) => Object.values(payload.data)[0] as { id: string })
    .map((message) => message.id);

describe('enhanced filters', () => {
  it.each(CASES)('%s', (name, _filter, expected) => {
    theSubscriptionStarted(started.get(name)!);
    expect(idsReceived(started.get(name)!)).toEqual(expected);
  });

  it('take precedence over the arguments (toSubscriptionFilter on room and minPriority)', () => {
    // minPriority is no field of Message: as an argument filter it would let nothing through
    expect(idsReceived(started.get('toSubscriptionFilter')!)).toEqual(['m2', 'm3']);
  });

  it.each([
    ['more than five fields in a group', groups([1, 2, 3, 4, 5].map((n) => ({ fieldName: `f${n}`, operator: 'eq', value: n })))],
    ['more than five values for in', one('priority', 'in', [1, 2, 3, 4, 5, 6])],
    [
      'more than twenty values for containsAny',
      one(
        'tags',
        'containsAny',
        Array.from({ length: 21 }, (_, n) => `t${n}`),
      ),
    ],
    [
      'more than ten filters once in is expanded',
      groups([
        { fieldName: 'author', operator: 'in', value: ['a', 'b', 'c', 'd', 'e'] },
        { fieldName: 'body', operator: 'in', value: ['a', 'b', 'c', 'd', 'e'] },
      ]),
    ],
    ['a string longer than 256 characters', one('body', 'eq', 'x'.repeat(257))],
    ['no filterGroup', { filters: [] }],
  ])('refuse the subscription for %s', async (_name, filter) => {
    theSubscriptionWasRefused(await matching(filter), 'FilterValidationError');
  });
});
