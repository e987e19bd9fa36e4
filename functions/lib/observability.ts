import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';

/**
 * The Powertools trio every function here carries, configured from the environment the CDK app sets
 * (infra/bundled-function.ts: POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_LOG_LEVEL).
 * The tracer is a no-op outside Lambda (no AWS_EXECUTION_ENV: the local engine), the metrics are EMF lines on
 * stdout, which CloudWatch turns into metrics and the engine just logs.
 */
export interface Observability {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
}

export function observability(service: string): Observability {
  return {
    logger: new Logger({ serviceName: service }),
    metrics: new Metrics({ serviceName: service }),
    tracer: new Tracer({ serviceName: service }),
  };
}

/**
 * Runs one unit of work (an invocation, or one event of a batch) in its own trace subsegment annotated with the
 * correlation id, so X-Ray's trace search finds every hop of one request by it.
 */
export async function traced<T>(
  tracer: Tracer,
  name: string,
  annotations: Record<string, string | undefined>,
  work: () => Promise<T>,
): Promise<T> {
  const parent = tracer.getSegment();
  const subsegment = parent?.addNewSubsegment(name);
  if (subsegment) tracer.setSegment(subsegment);
  for (const [key, value] of Object.entries(annotations)) if (value) tracer.putAnnotation(key, value);
  try {
    return await work();
  } catch (error) {
    subsegment?.addError(error as Error);
    throw error;
  } finally {
    subsegment?.close();
    if (parent) tracer.setSegment(parent);
  }
}

/**
 * A handler that is not an event consumer (AppSync's Lambda data sources, the pipe's enrichment), instrumented
 * the same way: the invocation's context on every log line, a trace subsegment, a `Failures` metric on error
 * (Lambda's own `Errors` counts them too; this one carries the service dimension), and the metrics flushed
 * before the invocation ends, whether it failed or not.
 */
export function instrumentedHandler<Event, Result>({ logger, metrics, tracer }: Observability, work: (event: Event) => Promise<Result>) {
  // the context is optional so the work can be called as a plain function (the unit tests do)
  return async (event: Event, context?: Context): Promise<Result> => {
    if (context) logger.addContext(context);
    metrics.captureColdStartMetric(context?.functionName);
    try {
      return await traced(tracer, '## handler', {}, () => work(event));
    } catch (error) {
      metrics.addMetric('Failures', MetricUnit.Count, 1);
      throw error;
    } finally {
      flushMetrics(metrics);
    }
  };
}

/** Publishes what was recorded; an invocation that recorded nothing publishes nothing (and warns about nothing). */
export function flushMetrics(metrics: Metrics): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
