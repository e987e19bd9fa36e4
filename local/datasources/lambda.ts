import type { LambdaRunner } from '../lambda/runner.js';
import { MappingTemplateError, type DataSource, type DataSourceOutcome } from './types.js';

interface LambdaRequest {
  operation?: string;
  invocationType?: 'RequestResponse' | 'Event';
  payload?: unknown;
}

/**
 * AWS_LAMBDA: `Invoke` sends the payload as the event. `BatchInvoke` requests made while one GraphQL request
 * resolves a list are gathered (up to the resolver's max batch size) into one invocation whose event is the list
 * of payloads; the function answers with a list in the same order.
 */
export function createLambdaDataSource(runner: LambdaRunner, maxBatchSize = 5): DataSource {
  let batch: Array<{ payload: unknown; resolve: (outcome: DataSourceOutcome) => void }> = [];

  const flush = async () => {
    const current = batch;
    batch = [];
    const outcome = await runner.invoke(current.map((entry) => entry.payload));
    if (!outcome.ok || !Array.isArray(outcome.result) || outcome.result.length !== current.length) {
      const error = outcome.ok
        ? {
            message: `BatchInvoke: the function returned ${Array.isArray(outcome.result) ? outcome.result.length : 'no'} results for ${current.length} payloads`,
            type: 'Lambda:Unhandled',
          }
        : { message: outcome.errorMessage ?? 'Lambda failed', type: 'Lambda:Unhandled' };
      current.forEach((entry) => entry.resolve({ result: null, error }));
      return;
    }
    current.forEach((entry, index) => {
      const item = (outcome.result as unknown[])[index] as { data?: unknown; errorMessage?: string; errorType?: string } | null;
      if (item && typeof item === 'object' && ('errorMessage' in item || 'errorType' in item) && item.errorMessage) {
        entry.resolve({ result: item.data ?? null, error: { message: item.errorMessage, type: item.errorType ?? 'Lambda:Unhandled' } });
      } else {
        entry.resolve({ result: item && typeof item === 'object' && 'data' in item ? item.data : item });
      }
    });
  };

  return {
    async invoke(raw) {
      const request = raw as LambdaRequest;
      if (request?.operation === 'BatchInvoke') {
        return new Promise<DataSourceOutcome>((resolve) => {
          batch.push({ payload: request.payload ?? null, resolve });
          if (batch.length >= maxBatchSize) void flush();
          else if (batch.length === 1) setImmediate(() => batch.length && void flush());
        });
      }
      if (request?.operation !== 'Invoke')
        throw new MappingTemplateError(`Unsupported operation '${String(request?.operation)}'. Use Invoke or BatchInvoke`);
      if (request.invocationType === 'Event') {
        void runner.invoke(request.payload ?? null);
        return { result: null };
      }
      const outcome = await runner.invoke(request.payload ?? null);
      return outcome.ok
        ? { result: outcome.result }
        : { result: null, error: { message: outcome.errorMessage ?? 'Lambda failed', type: 'Lambda:Unhandled' } };
    },
  };
}
