import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { LOCAL_ACCOUNT_ID } from '../assembly/intrinsics.js';
import type { LambdaFunctionModel } from '../assembly/stack-model.js';
import type { FaultInjector } from '../faults/fault-injector.js';

export interface InvokeResult {
  ok: boolean;
  result?: unknown;
  errorType?: string;
  errorMessage?: string;
}

interface Pending {
  event: unknown;
  resolve: (result: InvokeResult) => void;
  /** an injected crash after the handler ran: its work is done, its result lost */
  crashAfter: boolean;
}

const WORKER_URL = new URL('./worker.mjs', import.meta.url);
/**
 * The most environments (worker threads) any function runs locally, and what a function without
 * ReservedConcurrentExecutions gets: on AWS such a function scales with its callers, so a low local cap serialises
 * consumers that AWS runs in parallel. At 4 the gift-code consumers fell behind the API (end-to-end ratio 0.34 on
 * 2 cores), at 8 still (0.43), at 16 they kept up (0.84-0.88; docs/performance.md). Environments start only when
 * invocations queue, so a quiet function keeps one.
 */
const MAX_LOCAL_CONCURRENCY = 16;
const DEFAULT_CONCURRENCY = MAX_LOCAL_CONCURRENCY;
/** Lambda gives a function's init (loading its code, top-level awaits) 10 s of its own, apart from the handler's timeout. */
const INIT_LIMIT_MS = 10_000;

/** An execution environment and when its init phase is over (true) or failed or ran out of time (false). */
interface Environment {
  worker: Worker;
  initialized: Promise<boolean>;
}

/** How many invocations of a function run at once locally. */
export function concurrencyOf(fn: LambdaFunctionModel): number {
  return fn.reservedConcurrency === null ? DEFAULT_CONCURRENCY : Math.min(fn.reservedConcurrency, MAX_LOCAL_CONCURRENCY);
}

/**
 * Runs a function's bundled asset the way Lambda does: each execution environment (a worker thread with the
 * function's own environment variables) handles one invocation at a time; concurrency is capped by the
 * function's reserved concurrency (invocations beyond it wait their turn; 0 throttles every one); an invocation
 * that outlives the function's timeout, or crashes, kills its environment.
 */
export class LambdaRunner {
  private readonly idle: Environment[] = [];
  private readonly queue: Pending[] = [];
  private running = 0;
  private closed = false;
  readonly concurrency: number;

  constructor(
    readonly fn: LambdaFunctionModel,
    private readonly sharedEnv: Record<string, string>,
    private readonly faults: FaultInjector | null = null,
  ) {
    this.concurrency = concurrencyOf(fn);
  }

  invoke(event: unknown): Promise<InvokeResult> {
    if (this.closed) return Promise.resolve(NOT_RUN);
    if (this.concurrency === 0)
      return Promise.resolve({ ok: false, errorType: 'TooManyRequestsException', errorMessage: 'Rate Exceeded.' });
    const crash = this.faults?.crashOf(this.fn, event) ?? null;
    if (crash === 'before') return Promise.resolve(runtimeExit(randomUUID()));
    return new Promise((resolve) => {
      this.queue.push({ event, resolve, crashAfter: crash === 'after' });
      this.drain();
    });
  }

  /** Closes once the invocations already queued or running have finished: the function of a replaced deployment. */
  async retire(): Promise<void> {
    // each invocation ends by its function's timeout at the latest
    while (this.running > 0 || this.queue.length > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    await this.close();
  }

  /**
   * Stops the function: invocations still waiting for an environment are answered with a retryable failure (their
   * callers retry or keep their delivery in progress for the next start), running ones finish and their
   * environments end with them.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiting of this.queue.splice(0)) waiting.resolve(NOT_RUN);
    await Promise.all(this.idle.splice(0).map((environment) => environment.worker.terminate()));
  }

  private drain(): void {
    while (!this.closed && this.queue.length && (this.idle.length || this.running < this.concurrency)) {
      const next = this.queue.shift()!;
      const environment = this.idle.pop() ?? this.spawn();
      this.running += 1;
      // Fire-and-forget on purpose: the invocation's outcome reaches its caller through `next.resolve`, and run never rejects.
      void this.run(environment, next).finally(() => {
        this.running -= 1;
        this.drain();
      });
    }
  }

  private spawn(): Environment {
    const worker = new Worker(WORKER_URL, {
      workerData: { codePath: this.fn.codePath, handler: this.fn.handler },
      env: {
        ...this.sharedEnv,
        ...this.fn.environment,
        AWS_LAMBDA_FUNCTION_NAME: this.fn.name,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(this.fn.memoryMb),
      },
      // the bundle is JavaScript: none of the engine's own loaders (tsx) in the function's environment; other
      // flags (--cpu-prof, --enable-source-maps) stay
      execArgv: withoutLoaders(process.execArgv),
      resourceLimits: { maxOldGenerationSizeMb: Math.max(this.fn.memoryMb, 128) },
    });
    worker.unref();
    // the handler's timeout starts after init, as on Lambda: a slow cold start is not a timed-out invocation
    const initialized = new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(limit);
        worker.off('message', onInit);
        worker.off('error', onError);
        resolve(ok);
      };
      const onInit = (message: { init?: string }) => message.init && done(message.init === 'done');
      const onError = () => done(false);
      const limit = setTimeout(() => done(false), INIT_LIMIT_MS);
      worker.on('message', onInit);
      worker.on('error', onError);
    });
    return { worker, initialized };
  }

  /** What Lambda's context object tells a handler about its function (Powertools' logger reads these). */
  private contextFields() {
    const region = this.sharedEnv.AWS_REGION ?? 'us-east-1';
    return {
      functionName: this.fn.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${this.fn.name}`,
      memoryLimitInMB: String(this.fn.memoryMb),
      logGroupName: `/aws/lambda/${this.fn.name}`,
      logStreamName: `local/[$LATEST]${this.fn.name}`,
    };
  }

  private async run(environment: Environment, pending: Pending): Promise<void> {
    const { worker } = environment;
    const id = randomUUID();
    const timeoutMs = this.fn.timeoutSeconds * 1000;
    // a failed init is not waited on again: the invocation reports the failure (the worker's own error answer)
    await environment.initialized;
    return new Promise<void>((done) => {
      const finish = (result: InvokeResult, reusable: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        if (reusable && !this.closed) this.idle.push(environment);
        else void worker.terminate();
        pending.resolve(result);
        done();
      };
      const onMessage = (message: { id: string } & InvokeResult) => {
        if (message.id !== id) return;
        if (pending.crashAfter) finish(runtimeExit(id), false);
        else finish(message, true);
      };
      const onError = (error: Error) => finish({ ok: false, errorType: error.name, errorMessage: error.message }, false);
      const timer = setTimeout(
        () =>
          finish(
            { ok: false, errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${this.fn.timeoutSeconds.toFixed(2)} seconds` },
            false,
          ),
        timeoutMs,
      );
      worker.on('message', onMessage);
      worker.on('error', onError);
      try {
        worker.postMessage({
          id,
          event: pending.event,
          context: { ...this.contextFields(), awsRequestId: id, deadline: Date.now() + timeoutMs },
        });
      } catch (error) {
        // an event the structured clone cannot copy fails its invocation instead of rejecting run
        onError(error as Error);
      }
    });
  }
}

/** An invocation the stopped function will not run: Lambda's retryable service error. */
const NOT_RUN: InvokeResult = {
  ok: false,
  errorType: 'ServiceException',
  errorMessage: 'The local engine stopped this function before the invocation ran.',
};

/** What Lambda reports when the environment dies under an invocation. */
function runtimeExit(requestId: string): InvokeResult {
  return {
    ok: false,
    errorType: 'Runtime.ExitError',
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed (injected by /_local/faults)`,
  };
}

/** Node flags minus the module loaders and preloads (`--import tsx`, `--loader`, `--require`) they name. */
function withoutLoaders(argv: string[]): string[] {
  const loaderFlags = ['--import', '--loader', '--experimental-loader', '--require', '-r'];
  const kept: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    if (loaderFlags.includes(flag)) index += 1;
    else if (!loaderFlags.some((name) => flag.startsWith(`${name}=`))) kept.push(flag);
  }
  return kept;
}
