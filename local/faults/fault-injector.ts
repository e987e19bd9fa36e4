import { randomUUID } from 'node:crypto';
import type { LambdaFunctionModel } from '../assembly/stack-model.js';
import type { PutEventsEntry } from '../common/put-events.js';

export type CrashMoment = 'before' | 'after';

export type FaultSpec =
  /** the next `count` PutEvents entries from clients (optionally only those with this Source) fail */
  | { kind: 'eventbridge.reject'; count: number; source: string | null; matching: string | null }
  /** the next `count` invocations of the matching functions crash before or after their handler ran */
  | { kind: 'lambda.crash'; count: number; functionName: string; when: CrashMoment; matching: string | null }
  /** the next `count` SES SendEmail requests are refused with this error (e.g. 400 MessageRejected) */
  | { kind: 'ses.reject'; count: number; status: number; errorCode: string; matching: string | null };

/**
 * `matching` narrows a fault to occasions whose payload (an entry's Detail, an invocation's event as JSON)
 * contains that text, so concurrent tests on one engine each stage their own failure.
 */
const payloadMatches = (fault: { matching: string | null }, payload: () => string) =>
  fault.matching === null || payload().includes(fault.matching);

export type ArmedFault = FaultSpec & { id: string; armedAt: string; injected: number };

/** A fault names a function by a part of its physical name or of its logical id. */
export function functionMatches(fn: Pick<LambdaFunctionModel, 'name' | 'logicalId'>, namePart: string): boolean {
  return fn.name.includes(namePart) || fn.logicalId.includes(namePart);
}

/**
 * Faults armed through `/_local/faults`, for rehearsing what AWS does on a bad day: each armed fault fires on the
 * next `count` matching occasions, then disarms itself. Every injected fault is logged, so a test's output says
 * which failure was staged and which was real.
 */
export class FaultInjector {
  private faults: ArmedFault[] = [];

  constructor(private readonly log: (line: string) => void) {}

  arm(spec: FaultSpec): ArmedFault {
    const fault: ArmedFault = { ...spec, id: randomUUID(), armedAt: new Date().toISOString(), injected: 0 };
    this.faults.push(fault);
    this.log(`[faults] armed ${describe(fault)}`);
    return fault;
  }

  /** The faults still armed, `count` being what is left of each. */
  list(): readonly ArmedFault[] {
    return this.faults;
  }

  clear(): number {
    const cleared = this.faults.length;
    this.faults = [];
    if (cleared) this.log(`[faults] cleared ${cleared} armed fault(s)`);
    return cleared;
  }

  /** Whether a client's PutEvents entry is to fail with InternalFailure. */
  rejects(entry: PutEventsEntry): boolean {
    const fault = this.take(
      (candidate) =>
        candidate.kind === 'eventbridge.reject' &&
        (candidate.source === null || candidate.source === entry.Source) &&
        payloadMatches(candidate, () => entry.Detail ?? ''),
    );
    if (fault)
      this.log(
        `[faults] eventbridge.reject: PutEvents entry ${entry.Source}/${entry.DetailType} fails with InternalFailure (${fault.count} left)`,
      );
    return fault !== null;
  }

  /** When this invocation of `fn` is to crash, if it is. */
  crashOf(fn: Pick<LambdaFunctionModel, 'name' | 'logicalId'>, event: unknown): CrashMoment | null {
    const fault = this.take(
      (candidate) =>
        candidate.kind === 'lambda.crash' &&
        functionMatches(fn, candidate.functionName) &&
        payloadMatches(candidate, () => JSON.stringify(event)),
    );
    if (!fault || fault.kind !== 'lambda.crash') return null;
    const what =
      fault.when === 'before'
        ? 'crashes before its handler runs'
        : 'runs its handler, then crashes (its side effects stay, its result is lost)';
    this.log(`[faults] lambda.crash: this invocation of ${fn.name} ${what} (${fault.count} left)`);
    return fault.when;
  }

  /** The refusal this SendEmail request (its JSON) gets, if one is staged. */
  sesRefusal(request: string): { status: number; errorCode: string } | null {
    const fault = this.take((candidate) => candidate.kind === 'ses.reject' && payloadMatches(candidate, () => request));
    if (!fault || fault.kind !== 'ses.reject') return null;
    this.log(`[faults] ses.reject: SendEmail refused with ${fault.status} ${fault.errorCode} (${fault.count} left)`);
    return { status: fault.status, errorCode: fault.errorCode };
  }

  /** Spends one occasion of the first armed fault that applies; a spent fault disarms itself. */
  private take(applies: (fault: ArmedFault) => boolean): ArmedFault | null {
    const fault = this.faults.find(applies);
    if (!fault) return null;
    fault.count -= 1;
    fault.injected += 1;
    if (fault.count === 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return fault;
  }
}

function describe(fault: ArmedFault): string {
  if (fault.kind === 'ses.reject')
    return `ses.reject (${fault.status} ${fault.errorCode}) for the next ${fault.count} SendEmail requests${matchingText(fault)}`;
  return fault.kind === 'eventbridge.reject'
    ? `eventbridge.reject for the next ${fault.count} PutEvents entries${fault.source ? ` with source ${fault.source}` : ''}${matchingText(fault)}`
    : `lambda.crash (${fault.when}) for the next ${fault.count} invocations of functions matching "${fault.functionName}"${matchingText(fault)}`;
}

function matchingText(fault: { matching: string | null }): string {
  return fault.matching ? ` whose payload contains "${fault.matching}"` : '';
}
