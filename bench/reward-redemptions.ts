/**
 * redeemReward through the engine (GraphQL over HTTP: the BatchGet, then the one TransactWriteItems over the
 * Rewards and Loyalty tables) against DynamoDB Local doing the same BatchGet and transaction directly with the
 * engine's client settings, same run, same concurrency, 3 runs interleaved (medians). Run alone:
 * `node --import tsx bench/reward-redemptions.ts` (BENCH_REWARD_REDEMPTIONS, BENCH_REWARD_RUNS change the sizes).
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import { REWARD_REDEEMED } from '../schema/events.js';
import { owedOutbox } from './owed-outbox.js';
import { DynamoDbClient } from '../local/dynamodb/client.js';
import { startDynamoDbLocal } from '../local/dynamodb/launcher.js';
import { startOutsideWorld } from '../local/dev/outside-world/server.js';
import { localStageContext } from '../local/dev/stage-context.js';
import { synthesize } from '../local/synth.js';
import { closedLoop, engineSettles, tableNamed, type LoadSample as Sample } from './harness.js';
import { BENCH_CUSTOMERS } from './redemption-users.js';
import { CLIENTS, graphql, holdDeliveries, post, signIn, startProductEngine, type Engine } from './product-engine.js';

const root = path.resolve(import.meta.dirname, '..');
const TIMED = Number(process.env.BENCH_REWARD_REDEMPTIONS ?? 1000);
const RUNS = Number(process.env.BENCH_REWARD_RUNS ?? 3);
const SETTLE_LIMIT_MS = 30_000;
/** how long a held run's deliveries get, once released, to be done */
const RELEASE_LIMIT_MS = 120_000;
const WARM_UP = 200;
const REDEEM = 'mutation($input: RedeemRewardInput!) { redeemReward(input: $input) { id pointsSpent status } }';

/**
 * The requests the pipeline makes, sent straight to DynamoDB Local: the BatchGet, then the transaction with the
 * items commitRewardRedemption writes (the redemption with its outbox and pending mark, its pointer, the ledger entry).
 */
async function redeemDirectly(client: DynamoDbClient, tables: { rewards: string; loyalty: string }, rewardId: string, customerId: string) {
  const member = `MEMBER#${customerId}`;
  const requestId = randomUUID();
  await client.call('BatchGetItem', {
    RequestItems: {
      [tables.rewards]: { Keys: [marshall({ id: rewardId })], ConsistentRead: true },
      [tables.loyalty]: {
        Keys: [
          marshall({ pk: member, sk: 'BALANCE' }),
          marshall({ pk: member, sk: `REWARD_COUNT#${rewardId}` }),
          marshall({ pk: member, sk: `REWARD_REQUEST#${requestId}` }),
        ],
        ConsistentRead: true,
      },
    },
  });
  const id = randomUUID();
  const now = new Date().toISOString();
  const entryId = `spent:${id}`;
  const redemptionSk = `REWARD_REDEMPTION#${id}`;
  const data = {
    redemptionId: id,
    requestId,
    customerId,
    rewardId,
    rewardTitle: 'Bench reward',
    pointsSpent: 1,
    fulfilment: 'PHYSICAL',
    entryId,
    redeemedAt: now,
  };
  const redemption = {
    id,
    requestId,
    customerId,
    rewardId,
    rewardTitle: data.rewardTitle,
    pointsSpent: data.pointsSpent,
    fulfilment: data.fulfilment,
    status: 'REDEEMED',
    entryId,
    redeemedAt: now,
    updatedAt: now,
  };
  // the redemption owes reward_redeemed: its outbox and pending mark put it in the table's outbox index
  const outbox = owedOutbox(REWARD_REDEEMED, id, data, now);
  await client.call('TransactWriteItems', {
    TransactItems: [
      {
        Update: {
          TableName: tables.rewards,
          Key: marshall({ id: rewardId }),
          UpdateExpression: 'SET stock = stock - :one',
          ConditionExpression: '#status = :published AND stock > :zero AND pointsCost = :cost',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: marshall({ ':one': 1, ':published': 'PUBLISHED', ':zero': 0, ':cost': 1 }),
        },
      },
      {
        Update: {
          TableName: tables.loyalty,
          Key: marshall({ pk: member, sk: 'BALANCE' }),
          UpdateExpression:
            'SET balance = balance - :cost, pointsConsumed = if_not_exists(pointsConsumed, :zero) + :cost, updatedAt = :now ADD version :one',
          ConditionExpression: 'balance >= :cost',
          ExpressionAttributeValues: marshall({ ':cost': 1, ':zero': 0, ':now': now, ':one': 1 }),
        },
      },
      {
        Update: {
          TableName: tables.loyalty,
          Key: marshall({ pk: member, sk: `REWARD_COUNT#${rewardId}` }),
          UpdateExpression: 'ADD #count :one',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: marshall({ ':one': 1 }),
        },
      },
      {
        Put: {
          TableName: tables.loyalty,
          Item: marshall({ pk: member, sk: `REWARD_REQUEST#${requestId}`, rewardId, redemptionSk, createdAt: now }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tables.loyalty,
          Item: marshall({ pk: member, sk: redemptionSk, ...redemption, ...outbox }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tables.loyalty,
          Item: marshall({ pk: `REWARD_REDEMPTION#${id}`, sk: 'REDEMPTION', ...redemption, redemptionSk }),
        },
      },
      {
        Put: {
          TableName: tables.loyalty,
          Item: marshall({
            pk: member,
            sk: `LEDGER#${now}#${entryId}`,
            id: entryId,
            customerId,
            kind: 'SPENT',
            status: 'POSTED',
            points: -1,
            reason: 'REWARD_REDEMPTION',
            sourceType: 'REWARD_REDEMPTION',
            sourceId: id,
            redemptionId: id,
            occurredAt: now,
          }),
        },
      },
    ],
  });
}

/** The run with the median rate, whole (its latencies with it). */
function medianRun(samples: Sample[]): Sample {
  return [...samples].sort((x, y) => x.rps - y.rps)[Math.floor(samples.length / 2)];
}

export async function benchRewardRedemptions(): Promise<string[]> {
  const progress = (what: string) => console.log(`[bench:rewards] ${what}`);
  progress('synthesizing the product app; starting DynamoDB Local, the outside world and the engine');
  const outsideWorld = await startOutsideWorld({ port: 0 });
  const assemblyDir = await synthesize({
    outDir: path.join(root, 'test/.out/bench-rewards.cdk.out'),
    context: localStageContext(outsideWorld.url),
  });
  const dynamoDb = await startDynamoDbLocal({ dataDir: null });
  const engine: Engine = await startProductEngine(assemblyDir, dynamoDb.endpoint);
  const client = new DynamoDbClient({ endpoint: dynamoDb.endpoint, region: 'us-east-1' });
  try {
    const admin = await signIn(engine, 'admin');
    const customers = await Promise.all(BENCH_CUSTOMERS.map((username) => signIn(engine, username)));
    progress(`crediting ${customers.length} customers, publishing one reward`);
    for (const customer of customers)
      await graphql(
        engine,
        'mutation($input: AdjustPointsInput!) { adjustPoints(input: $input) { id } }',
        { input: { customerId: customer.sub, points: 1_000_000, reason: 'bench', requestId: randomUUID() } },
        admin.idToken,
      );
    const rewardId = `bench-${randomUUID()}`;
    await graphql(
      engine,
      'mutation($input: CreateRewardInput!) { createReward(input: $input) { id } }',
      { input: { id: rewardId, title: 'Bench reward', pointsCost: 1, stock: 10_000_000 } },
      admin.idToken,
    );
    await graphql(engine, 'mutation($id: ID!) { publishReward(id: $id, expectedVersion: 1) { id } }', { id: rewardId }, admin.idToken);
    const tables = { rewards: await tableNamed(client, 'Rewards'), loyalty: await tableNamed(client, 'GiftCodesLoyalty') };

    let firstError: string | undefined;
    const viaEngine = (index: number) =>
      post(engine.url, JSON.stringify({ query: REDEEM, variables: { input: { rewardId, requestId: randomUUID() } } }), {
        authorization: customers[index % customers.length].accessToken,
      }).then(({ status, text }) => status === 200 && !JSON.parse(text).errors);
    const direct = (index: number) =>
      redeemDirectly(client, tables, rewardId, customers[index % customers.length].sub).then(
        () => true,
        (error: Error) => {
          firstError ??= error.message;
          return false;
        },
      );
    progress(`warming up: ${WARM_UP} each`);
    await closedLoop(WARM_UP, CLIENTS, viaEngine);
    await closedLoop(WARM_UP, CLIENTS, direct);
    // Runs interleaved, each side starting with the engine's consumers idle. (r) holds the deliveries of the
    // redemptions' events while it runs, then releases them: the API alone, as on AWS, where its consumers do not
    // share its CPU and store. (r') lets them run at once, sharing the machine's 2 cores and its one DynamoDB Local.
    const baselines: Sample[] = [];
    const engineRuns: Sample[] = [];
    const sharedRuns: Sample[] = [];
    const releases: Array<Awaited<ReturnType<Awaited<ReturnType<typeof holdDeliveries>>>>> = [];
    for (let run = 1; run <= RUNS; run++) {
      await engineSettles(engine, SETTLE_LIMIT_MS);
      progress(`run ${run} of ${RUNS}: (s) DynamoDB Local direct, ${TIMED}`);
      baselines.push(await closedLoop(TIMED, CLIENTS, direct));
      await engineSettles(engine, SETTLE_LIMIT_MS);
      progress(`run ${run} of ${RUNS}: (r) engine, its deliveries held, ${TIMED}`);
      const release = await holdDeliveries(engine);
      engineRuns.push(await closedLoop(TIMED, CLIENTS, viaEngine));
      releases.push(await release(RELEASE_LIMIT_MS));
      const { released, seconds, inFlight, deadLettered } = releases[releases.length - 1];
      progress(
        `  released ${released} deliveries: ${inFlight ? `${inFlight} still waiting or under way` : 'all done'} after ${seconds.toFixed(0)} s; ${deadLettered} messages in the DLQs`,
      );
      await engineSettles(engine, SETTLE_LIMIT_MS);
      progress(`run ${run} of ${RUNS}: (r') engine, its consumers running, ${TIMED}`);
      sharedRuns.push(await closedLoop(TIMED, CLIENTS, viaEngine));
    }
    const ratios = engineRuns.map((sample, index) => sample.rps / baselines[index].rps);
    const sharedRatios = sharedRuns.map((sample, index) => sample.rps / baselines[index].rps);
    const [baseline, redeemed, shared] = [medianRun(baselines), medianRun(engineRuns), medianRun(sharedRuns)];
    const row = (label: string, sample: Sample) =>
      label.padEnd(52) +
      sample.rps.toFixed(0).padStart(9) +
      sample.p50.toFixed(1).padStart(9) +
      sample.p99.toFixed(1).padStart(9) +
      String(sample.errors).padStart(8);
    return [
      '',
      `reward redemption: ${TIMED} redeemReward per run, ${RUNS} runs, ${CLIENTS} concurrent clients (${customers.length} customers, one reward)`,
      'scenario'.padEnd(52) + 'req/s'.padStart(9) + 'p50 ms'.padStart(9) + 'p99 ms'.padStart(9) + 'errors'.padStart(8),
      row('(r) engine: redeemReward over HTTP, deliveries held', redeemed),
      row("(r') engine: the same, its consumers running", shared),
      row('(s) DynamoDB Local direct: BatchGet + the transaction', baseline),
      ...(firstError ? [`  first direct error: ${firstError}`] : []),
      `r/s: req/s ${(redeemed.rps / baseline.rps).toFixed(2)}, p50 ${(redeemed.p50 / baseline.p50).toFixed(2)}, p99 ${(redeemed.p99 / baseline.p99).toFixed(2)}   (medians of ${RUNS} runs; each run's req/s ratio: ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}; goal: req/s >= 0.7)`,
      `  held deliveries, once released: ${releases.map(({ released, seconds, inFlight }) => `${released} in ${seconds.toFixed(0)} s${inFlight ? ` (${inFlight} not done)` : ''}`).join(', ')}; messages in the DLQs after the last: ${releases[releases.length - 1].deadLettered}`,
      `r'/s, sharing the 2 cores and the store with its consumers: req/s ${(shared.rps / baseline.rps).toFixed(2)} (runs ${sharedRatios.map((ratio) => ratio.toFixed(2)).join(', ')})`,
    ];
  } finally {
    client.close();
    engine.child.kill();
    await dynamoDb.stop();
    await outsideWorld.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  benchRewardRedemptions().then(
    (lines) => console.log(lines.join('\n')),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
