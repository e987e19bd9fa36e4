import type { LoggedEvent } from './event-log.js';

interface Metadata {
  event_id?: string;
  correlation_id?: string;
}

const metadataOf = (entry: LoggedEvent): Metadata => (entry.event.detail as { metadata?: Metadata } | null)?.metadata ?? {};

const clock = (iso: string) => iso.slice(11, 23);

/**
 * One choreography as a tree: every logged event carrying the correlation id, each under the event that caused
 * it, with the rules it matched and every target's attempts, outcomes and timings. Causes come from event ids:
 * a consumer derives its event's id from the one it handled (`<cause's event_id>:<suffix>`); an event whose
 * cause is not recognisable that way hangs under the root. The same event_id seen twice (the fast path and the
 * outbox, a retry) is shown twice, marked as a copy: consumers deduplicate it.
 */
export function traceLines(events: readonly LoggedEvent[], correlationId: string): string[] {
  const traced = events.filter((entry) => metadataOf(entry).correlation_id === correlationId);
  if (!traced.length) return [`No logged event carries correlation id ${correlationId}`];
  const ids = new Set(traced.map((entry) => metadataOf(entry).event_id ?? ''));
  const parentOf = (eventId: string): string | null => {
    for (let cut = eventId.lastIndexOf(':'); cut > 0; cut = eventId.lastIndexOf(':', cut - 1))
      if (ids.has(eventId.slice(0, cut))) return eventId.slice(0, cut);
    return null;
  };
  const rootId = ids.has(correlationId) ? correlationId : (metadataOf(traced[0]).event_id ?? '');
  const children = new Map<string, LoggedEvent[]>();
  for (const entry of traced) {
    const eventId = metadataOf(entry).event_id ?? '';
    const parent = eventId === rootId ? null : (parentOf(eventId) ?? rootId);
    if (parent === null) continue;
    children.set(parent, [...(children.get(parent) ?? []), entry]);
  }
  const lines: string[] = [`correlation ${correlationId}`];
  const seen = new Set<string>();
  const printEvent = (entry: LoggedEvent, indent: string, last: boolean) => {
    const eventId = metadataOf(entry).event_id ?? '?';
    const copy = seen.has(eventId) ? '  (a copy of the same event_id: consumers deduplicate it)' : '';
    seen.add(eventId);
    lines.push(
      `${indent}${last ? '└─' : '├─'} ${entry.event['detail-type']}  ${entry.event.source}  event_id ${eventId}  at ${clock(entry.receivedAt)}${copy}`,
    );
    const inner = `${indent}${last ? '   ' : '│  '}`;
    const kids = copy ? [] : (children.get(eventId) ?? []);
    if (!entry.matchedRules.length) lines.push(`${inner}${kids.length ? '│' : ' '}  (no rule matched)`);
    for (const delivery of entry.deliveries) {
      const target = `${delivery.targetId} ${delivery.targetArn.slice(delivery.targetArn.lastIndexOf(':') + 1)}`;
      const dlq = delivery.deadLetterQueue ? ` → DLQ ${delivery.deadLetterQueue}` : '';
      lines.push(`${inner}${kids.length ? '│' : ' '}  rule ${delivery.rule} → ${target}: ${delivery.status}${dlq}`);
      for (const [index, attempt] of (delivery.attemptLog ?? []).entries())
        lines.push(
          `${inner}${kids.length ? '│' : ' '}      attempt ${index + 1} at ${clock(attempt.startedAt)}, ${attempt.ms} ms: ${attempt.error ?? 'ok'}`,
        );
    }
    kids.forEach((child, index) => printEvent(child, inner, index === kids.length - 1));
  };
  const roots = traced.filter((entry) => (metadataOf(entry).event_id ?? '') === rootId);
  roots.forEach((root, index) => printEvent(root, '', index === roots.length - 1));
  return lines;
}
