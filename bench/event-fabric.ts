/**
 * The event fabric's part of `npm run bench`:
 *   (e) events/s and PutEvents → handler start latency through one rule to one Lambda target
 *   (f) the same through one rule to one SQS queue, consumed by the Lambda through an event source mapping
 *   (g) pattern matching alone, 100 rules, compiled rule set   vs (h) 100 hand-written JS predicates doing the same checks
 */
import { createSocket } from 'node:dgram';
import * as path from 'node:path';
import { startEngine } from '../local/engine.js';
import { compileRuleSet } from '../local/common/event-pattern/index.js';
import { synthesize } from '../local/synth.js';

const root = path.resolve(import.meta.dirname, '..');
const EVENTS = 2000;
const PUT_CONCURRENCY = 8;

export async function benchEventFabric(dynamoDbEndpoint: string): Promise<string[]> {
  const lines = ['', 'event fabric'.padEnd(50) + 'events/s'.padStart(12) + 'p50 ms'.padStart(8) + 'p99 ms'.padStart(8)];
  const row = (label: string, rate: number, p50?: number, p99?: number) =>
    lines.push(
      label.padEnd(50) +
        rate.toFixed(0).padStart(12) +
        (p50 === undefined ? '' : p50.toFixed(1).padStart(8)) +
        (p99 === undefined ? '' : p99.toFixed(1).padStart(8)),
    );

  // Datagrams the kernel cannot buffer are dropped: with up to 16 sink environments reporting at once, the default
  // 208 KiB receive buffer overflowed while this process was busy and arrivals went missing (not events: reports).
  const sink = createSocket({ type: 'udp4', recvBufferSize: 4 << 20 });
  const arrivals: Array<[number, number]> = [];
  sink.on('message', (message) => arrivals.push(...(JSON.parse(message.toString()) as Array<[number, number]>)));
  await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
  process.env.BENCH_SINK_PORT = String(sink.address().port);
  const assemblyDir = await synthesize({
    app: 'node --import tsx bench/event-fabric-stack/app.ts',
    outDir: path.join(root, 'test/.out/event-bench.cdk.out'),
  });
  const engine = await startEngine({ assemblyDir, dataDir: null, port: 0, dynamoDbEndpoint });
  const endpoint = engine.url.replace('/graphql', '/_aws/eventbridge');
  try {
    for (const [label, source] of [
      ['(e) one rule → one Lambda target', 'bench.lambda'],
      ['(f) one rule → one queue → Lambda mapping', 'bench.queue'],
    ] as const) {
      await throughput(endpoint, source, 200, arrivals); // warm-up: worker start, JIT
      const sample = await throughput(endpoint, source, EVENTS, arrivals);
      row(label, sample.rate, sample.p50, sample.p99);
    }
  } finally {
    await engine.stop();
    sink.close();
  }

  const { compiled, baseline } = matchingThroughput();
  row('(g) pattern matching, 100 rules, compiled set', compiled);
  row('(h) 100 hand-written JS predicates (baseline)', baseline);
  lines.push(`g/h: ${(compiled / baseline).toFixed(2)} of the hand-written baseline's speed`);
  return lines;
}

async function throughput(endpoint: string, source: string, count: number, arrivals: Array<[number, number]>) {
  arrivals.length = 0;
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: PUT_CONCURRENCY }, async () => {
      while (next < count) {
        const batch = Array.from({ length: Math.min(10, count - next) }, () => ({
          EventBusName: 'event-bench',
          Source: source,
          DetailType: 'bench',
          Detail: JSON.stringify({ sentAt: Date.now(), n: next++ }),
        }));
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'x-amz-target': 'AWSEvents.PutEvents', 'content-type': 'application/x-amz-json-1.1' },
          body: JSON.stringify({ Entries: batch }),
        });
        await response.arrayBuffer();
      }
    }),
  );
  while (arrivals.length < count) {
    if (Date.now() - started > 120_000) throw new Error(`only ${arrivals.length} of ${count} events reached the handler`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const latencies = arrivals.map(([sentAt, startedAt]) => startedAt - sentAt).sort((x, y) => x - y);
  const finished = Math.max(...arrivals.map(([, startedAt]) => startedAt));
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { rate: count / ((finished - started) / 1000), p50: at(0.5), p99: at(0.99) };
}

function matchingThroughput(): { compiled: number; baseline: number } {
  const RULES = 100;
  const patterns = Array.from({ length: RULES }, (_, i) => ({
    source: [`svc${i % 10}`],
    'detail-type': [`type${i % 25}`],
    detail: { data: { amount: [{ numeric: ['>', i] }] } },
  }));
  const predicates = Array.from(
    { length: RULES },
    (_, i) => (event: { source: string; 'detail-type': string; detail: { data: { amount: unknown } } }) =>
      event.source === `svc${i % 10}` &&
      event['detail-type'] === `type${i % 25}` &&
      typeof event.detail.data.amount === 'number' &&
      event.detail.data.amount > i,
  );
  const events = Array.from({ length: 1000 }, (_, n) => ({
    version: '0',
    id: String(n),
    source: `svc${n % 10}`,
    'detail-type': `type${n % 25}`,
    account: '000000000000',
    time: '2026-01-01T00:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: { metadata: { event_id: String(n) }, data: { amount: n % 150 } },
  }));
  const ruleSet = compileRuleSet(patterns);
  const measure = (matchAll: (event: (typeof events)[number]) => number) => {
    let matched = 0;
    let done = 0;
    const deadline = performance.now() + 1500;
    while (performance.now() < deadline) {
      for (const event of events) matched += matchAll(event);
      done += events.length;
    }
    const started = performance.now();
    done = 0;
    while (performance.now() - started < 2000) {
      for (const event of events) matched += matchAll(event);
      done += events.length;
    }
    if (matched < 0) throw new Error('unreachable');
    return done / ((performance.now() - started) / 1000);
  };
  const compiled = measure((event) => ruleSet.matchingIndexes(event).length);
  const baseline = measure((event) => predicates.filter((predicate) => predicate(event)).length);
  // both sides must agree, or the comparison means nothing
  for (const event of events.slice(0, 200)) {
    if (ruleSet.matchingIndexes(event).length !== predicates.filter((predicate) => predicate(event)).length)
      throw new Error('the rule set and the baseline disagree');
  }
  return { compiled, baseline };
}
