import type { PutEventsPublisher, PutEventsResultEntry } from '../common/put-events.js';
import type { FaultInjector } from './fault-injector.js';

/**
 * PutEvents as clients call it (the AppSync EventBridge data source and the SDK endpoint Lambda functions use),
 * subject to injected `eventbridge.reject` faults: a rejected entry fails with InternalFailure and counts in
 * FailedEntryCount, the others are published. Pipes and rules' bus targets publish on the fabric directly, so
 * the outbox still delivers what a client's publish lost.
 */
export function clientPutEvents(fabric: PutEventsPublisher, faults: FaultInjector): PutEventsPublisher {
  return {
    async putEvents(entries) {
      const rejected = entries.map((entry) => faults.rejects(entry));
      const published = await fabric.putEvents(entries.filter((_, index) => !rejected[index]));
      const results = [...published.Entries];
      const Entries: PutEventsResultEntry[] = rejected.map((isRejected) =>
        isRejected ? { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal failure (injected by /_local/faults).' } : results.shift()!,
      );
      return { Entries, FailedEntryCount: Entries.filter((entry) => entry.ErrorCode).length };
    },
  };
}
