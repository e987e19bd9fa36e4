import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { instrumentedHandler, observability } from '../../../functions/lib/observability.js';

/** Everything Powertools prints (structured logs and EMF metrics are JSON lines on stdout). */
function printedLines(): Array<Record<string, unknown>> {
  return [stdoutSpy, ...consoleSpies]
    .flatMap((spy) => spy.mock.calls.map((call: unknown[]) => String(call[0])))
    .flatMap((text) => text.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

let stdoutSpy: { mock: { calls: unknown[][] } };
let consoleSpies: Array<{ mock: { calls: unknown[][] } }>;

describe('instrumented handlers', () => {
  beforeEach(() => {
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'LoyaltyGraphTest');
    stdoutSpy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    consoleSpies = (['log', 'info', 'error', 'warn'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => undefined),
    );
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('return the work’s result outside Lambda (the tracer is a no-op there) and publish no empty metrics', async () => {
    const handler = instrumentedHandler(observability('test-service'), async (event: { n: number }) => event.n * 2);
    await expect(handler({ n: 21 })).resolves.toBe(42);
    expect(printedLines().filter((line) => line._aws)).toEqual([]);
  });

  it('count a failure in the service’s metrics namespace, flushed before the error reaches Lambda', async () => {
    const handler = instrumentedHandler(observability('test-service'), async () => {
      throw new Error('boom');
    });
    await expect(handler({})).rejects.toThrow('boom');
    const emf = printedLines().find((line) => line._aws) as {
      _aws: { CloudWatchMetrics: Array<{ Namespace: string; Metrics: Array<{ Name: string }> }> };
      Failures: number;
      service: string;
    };
    expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'LoyaltyGraphTest', Metrics: [{ Name: 'Failures' }] });
    expect(emf).toMatchObject({ Failures: 1, service: 'test-service' });
  });
});
