/**
 * The registration benchmark's two kinds of engine run (bench/registrations.ts): (g') with the consumers running,
 * followed through the choreography, and (g) the API alone, its deliveries held, then released and followed.
 */
import { closedLoop, growthPerSecond, sampleBacklog, type Load, type LoadSample } from './harness.js';
import { CLIENTS, holdDeliveries, type Engine } from './product-engine.js';
import type { BenchProduct } from './registration-baseline.js';
import type { Completion, registrationCompletion } from './registration-completion.js';
import { register, type Customer } from './registration-delivery.js';

/** how long a run's registrations are followed after its last answer */
const AFTER_RUN_MS = 15_000;
/** how long the previous registrations get to be done before the next run (the manufacturers' rate limit drains them) */
export const DRAIN_LIMIT_MS = 60_000;

/** What every run uses: the engine, the completion tracker, the bench products and customers, the run's size. */
export interface RunParts {
  engine: Engine;
  track: ReturnType<typeof registrationCompletion>;
  products: BenchProduct[];
  customers: Customer[];
  /** the first error any registration met */
  failures: { first: string | null };
  timed: number;
}

export interface EndToEnd {
  /** the run's registrations, and when it began */
  ids: Set<string>;
  since: string;
  registered: LoadSample;
  completion: Completion;
  followedFor: number;
  rate: number;
  ratio: number;
  stepsRatio: number;
  backlog: number[];
  /** the backlog's least-squares growth per second while sending */
  growth: number;
  /** the same for the four steps alone */
  stepsBacklog: number[];
  stepsGrowth: number;
}

/**
 * One (g') run, sent as `load` sends it (default: CLIENTS clients in a closed loop), followed through the
 * choreography for up to AFTER_RUN_MS after its last answer.
 */
export async function endToEnd(
  { engine, track, products, customers, failures, timed }: RunParts,
  load: Load = (count, call) => closedLoop(count, CLIENTS, call),
): Promise<EndToEnd> {
  const ids = new Set<string>();
  const since = new Date().toISOString();
  // two backlogs: not yet done, and not yet through the four steps (the manufacturers' calls are rate-limited by
  // their configuration, 10/s each, whatever the engine does)
  const sampler = sampleBacklog(async () => {
    const sent = ids.size;
    const { done, steps } = await track.of(ids, since);
    return { done: sent - done, steps: sent - steps };
  });
  const registered = await load(timed, (index) =>
    register(engine, products[index % products.length], customers[index % customers.length], failures, (id) => ids.add(id)),
  );
  const sampled = sampler.stop();
  const answeredAt = performance.now();
  const completion = await track.until(ids, since, AFTER_RUN_MS);
  const followedFor = (performance.now() - answeredAt) / 1000;
  const samples = await sampled;
  const backlog = samples.map((sample) => sample.done);
  const stepsBacklog = samples.map((sample) => sample.steps);
  const seconds = timed / registered.rps + followedFor;
  const rate = completion.done / seconds;
  const stepsRatio = completion.steps / seconds / registered.rps;
  const [growth, stepsGrowth] = [growthPerSecond(backlog), growthPerSecond(stepsBacklog)];
  return {
    ids,
    since,
    registered,
    completion,
    followedFor,
    rate,
    ratio: rate / registered.rps,
    stepsRatio,
    backlog,
    growth,
    stepsBacklog,
    stepsGrowth,
  };
}

/** The run of median ratio. */
export const medianRun = (runs: EndToEnd[]): EndToEnd => [...runs].sort((x, y) => x.ratio - y.ratio)[Math.floor(runs.length / 2)];

export interface HeldRun {
  registered: LoadSample;
  completion: Completion;
  released: number;
  deadLettered: number;
  followedFor: number;
}

/**
 * (g): the API alone. Every rule's deliveries are held while the registrations are sent, as on AWS, where the
 * consumers do not share the API's CPU and store; then they are released and each registration is followed until
 * its choreography is done (DRAIN_LIMIT_MS at most), so the run also shows that nothing held was lost.
 */
export async function heldRun({ engine, track, products, customers, failures, timed }: RunParts): Promise<HeldRun> {
  const ids = new Set<string>();
  const since = new Date().toISOString();
  await track.forgetManufacturerCalls();
  const release = await holdDeliveries(engine);
  const registered = await closedLoop(timed, CLIENTS, (index) =>
    register(engine, products[index % products.length], customers[index % customers.length], failures, (id) => ids.add(id)),
  );
  const releasedAt = performance.now();
  const { released, deadLettered } = await release(DRAIN_LIMIT_MS);
  const completion = await track.until(ids, since, DRAIN_LIMIT_MS);
  return { registered, completion, released, deadLettered, followedFor: (performance.now() - releasedAt) / 1000 };
}
