import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { watchInfra } from '../../local/dev/watch-infra.js';
import { isBundled } from '../../local/dev/watch-resolvers.js';
import { DynamoDbClient } from '../../local/dynamodb/client.js';
import { startEngine, type RunningEngine } from '../../local/engine.js';
import { synthesize } from '../../local/synth.js';
import { aFreshPartition, aSubscriber } from '../steps/given-steps.js';
import type { StartedSubscription, Subscriber } from '../steps/realtime-client.js';
import { eventually, itSucceeded, theSubscriptionStarted } from '../steps/then-steps.js';
import { weSendGraphQL, weSubscribe } from '../steps/when-steps.js';

const repo = path.resolve(import.meta.dirname, '../..');
const fixtureAssembly = path.join(repo, 'test/.out/engine-stack.cdk.out');
const FIXTURE = 'test/fixtures/engine-stack';
/** a synth of the fixture app takes 10–60 s on a shared machine */
const SYNTHESIZED_AND_SWAPPED_MS = 180_000;

const MESSAGE = '{ id room body }';

describe('npm start swaps a changed schema or infrastructure in without a restart', () => {
  let engine: RunningEngine;
  let watcher: { close(): void };
  let checkout: string;
  let subscriber: Subscriber;
  let staying: StartedSubscription;
  let vanishing: StartedSubscription;
  const log: string[] = [];
  const room = aFreshPartition('room');
  const pk = aFreshPartition('item');
  const fixtureFile = (name: string) => path.join(checkout, FIXTURE, name);
  const edit = (name: string, change: (text: string) => string) =>
    writeFileSync(fixtureFile(name), change(readFileSync(fixtureFile(name), 'utf8')));
  const graphql = (query: string, variables: Record<string, unknown> = {}) =>
    weSendGraphQL(engine, { query, variables }, { 'x-api-key': engine.apiKeys[0].value });

  beforeAll(async () => {
    engine = await startEngine({ assemblyDir: fixtureAssembly, dataDir: null, port: 0, dynamoDbEndpoint: inject('dynamoDbEndpoint') });
    // a copy of the fixture app at the same relative place (with what it imports), so the fixture itself is never edited
    checkout = mkdtempSync(path.join(tmpdir(), 'hot-swap-'));
    cpSync(path.join(repo, FIXTURE), path.join(checkout, FIXTURE), { recursive: true });
    mkdirSync(path.join(checkout, 'infra'));
    cpSync(path.join(repo, 'infra/resolver-code.ts'), path.join(checkout, 'infra/resolver-code.ts'));
    cpSync(path.join(repo, 'package.json'), path.join(checkout, 'package.json'));
    symlinkSync(path.join(repo, 'node_modules'), path.join(checkout, 'node_modules'));
    watcher = watchInfra({
      root: checkout,
      paths: [`${FIXTURE}/schema.graphql`, `${FIXTURE}/app.ts`, `${FIXTURE}/lambda`],
      also: { path: `${FIXTURE}/resolvers`, when: (file) => !isBundled(file, engine.resolverCode) },
      synthesize: () => synthesize({ app: `node --import tsx ${fixtureFile('app.ts')}`, outDir: path.join(checkout, 'cdk.out') }),
      swap: (dir) => engine.swap(dir),
      log: (line) => log.push(line),
    });

    itSucceeded(
      await graphql('mutation($input: ItemInput!) { putItem(input: $input) { pk } }', { input: { pk, sk: 'kept', color: 'teal' } }),
    );
    subscriber = await aSubscriber(engine, { 'x-api-key': engine.apiKeys[0].value });
    staying = await weSubscribe(subscriber, `subscription($room: String!) { onRoomMessage(room: $room) ${MESSAGE} }`, { room });
    vanishing = await weSubscribe(subscriber, `subscription($room: String) { onMessage(room: $room) ${MESSAGE} }`, { room });
    theSubscriptionStarted(staying);
    theSubscriptionStarted(vanishing);
  });

  afterAll(async () => {
    watcher?.close();
    await subscriber?.client.close();
    await engine?.stop();
    if (checkout) rmSync(checkout, { recursive: true, force: true });
  });

  it(
    'serves a new field and a new table, keeps the data and the subscriptions whose fields remain, and ends the others with an error',
    async () => {
      writeFileSync(
        fixtureFile('resolvers/Query.hotSwapped.ts'),
        "export function request() {\n  return { payload: 'swapped in' };\n}\n\nexport function response(ctx: { result: unknown }) {\n  return ctx.result;\n}\n",
      );
      edit('schema.graphql', (text) =>
        text
          .replace('type Query {\n', 'type Query {\n  hotSwapped: String\n')
          // the whole field: its description line, signature and directives, up to the next field's description
          .replace(/ {2}"sendMessage and editMessage[^]*?(?= {2}"the subscriber's own)/, ''),
      );
      edit('app.ts', (text) =>
        text
          .replace("'iamOnly'])", "'iamOnly', 'hotSwapped'])")
          .replace(
            'const bus = ',
            "new dynamodb.TableV2(stack, 'HotSwapped', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });\nconst bus = ",
          ),
      );

      await eventually(
        async () => expect(itSucceeded(await graphql('{ hotSwapped }'))).toEqual({ hotSwapped: 'swapped in' }),
        SYNTHESIZED_AND_SWAPPED_MS,
      );
      const live = log.find((line) => line.includes(' after the change'));
      expect(live, log.join('\n')).toMatch(/live [\d.]+ s after the change/);
      console.log(`[hot swap] ${live}`);

      expect(itSucceeded(await graphql('query($pk: ID!) { item(pk: $pk, sk: "kept") { color } }', { pk }))).toEqual({
        item: { color: 'teal' },
      });
      const tables = new DynamoDbClient({ endpoint: inject('dynamoDbEndpoint'), region: engine.stack.region });
      const { TableNames } = await tables.call<{ TableNames: string[] }>('ListTables', {});
      tables.close();
      expect(TableNames.some((name) => name.startsWith('EngineFixture-HotSwapped'))).toBe(true);

      const ended = await subscriber.client.waitFor((message) => message.id === vanishing.id && message.type === 'error');
      expect(ended.payload.errors).toEqual([
        expect.objectContaining({ message: expect.stringContaining("Field 'onMessage' in type 'Subscription' is undefined") }),
      ]);
      itSucceeded(
        await graphql(`mutation($input: MessageInput!) { sendMessage(input: $input) ${MESSAGE} }`, {
          input: { id: 'after-swap', room, body: 'still listening' },
        }),
      );
      await subscriber.client.waitFor((message) => message.id === staying.id && message.type === 'data');
      expect(subscriber.client.dataOf(staying.id)).toEqual([
        { data: { onRoomMessage: { id: 'after-swap', room, body: 'still listening' } } },
      ]);
      expect(subscriber.client.dataOf(vanishing.id)).toEqual([]);
    },
    SYNTHESIZED_AND_SWAPPED_MS + 30_000,
  );

  it(
    'keeps serving the running API when the new schema is invalid, and says why',
    async () => {
      edit('schema.graphql', (text) => text.replace('  hotSwapped: String\n', '  hotSwapped: Strin\n'));
      await eventually(
        async () => expect(log.some((line) => line.includes('not swapped, the running API keeps serving'))).toBe(true),
        SYNTHESIZED_AND_SWAPPED_MS,
      );
      expect(log.find((line) => line.includes('not swapped'))).toMatch(/Strin/);
      expect(itSucceeded(await graphql('{ hotSwapped }'))).toEqual({ hotSwapped: 'swapped in' });
      itSucceeded(
        await graphql(`mutation($input: MessageInput!) { sendMessage(input: $input) ${MESSAGE} }`, {
          input: { id: 'after-refusal', room, body: 'still here' },
        }),
      );
      await eventually(async () => expect(subscriber.client.dataOf(staying.id)).toHaveLength(2));
    },
    SYNTHESIZED_AND_SWAPPED_MS + 30_000,
  );

  it('refuses an assembly whose table changed its key schema, and keeps the table, its data and the running API', async () => {
    // what a changed sort key type synthesizes to; DynamoDB cannot change it in place, so nothing is dropped
    const changed = path.join(checkout, 'changed-key.cdk.out');
    cpSync(fixtureAssembly, changed, { recursive: true });
    const templateFile = path.join(changed, 'EngineFixture.template.json');
    const template = JSON.parse(readFileSync(templateFile, 'utf8'));
    const items = Object.values<{
      Type: string;
      Properties: { AttributeDefinitions: Array<{ AttributeName: string; AttributeType: string }> };
    }>(template.Resources).find((resource) => resource.Type === 'AWS::DynamoDB::GlobalTable')!;
    items.Properties.AttributeDefinitions.find((definition) => definition.AttributeName === 'sk')!.AttributeType = 'N';
    writeFileSync(templateFile, JSON.stringify(template));

    await expect(engine.swap(changed)).rejects.toThrow(
      /its key schema is pk \(S, HASH\), sk \(S, RANGE\) but the template declares .*sk \(N, RANGE\).*would drop its data/,
    );
    expect(itSucceeded(await graphql('query($pk: ID!) { item(pk: $pk, sk: "kept") { color } }', { pk }))).toEqual({
      item: { color: 'teal' },
    });
    expect(itSucceeded(await graphql('{ ping }'))).toEqual({ ping: 'pong' });
  });
});
