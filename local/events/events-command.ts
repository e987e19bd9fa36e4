import type { LoggedEvent } from './event-log.js';
import type { RedriveResult } from './redrive.js';
import type { QueueMessage } from '../queues/queue.js';
import type { SentEmail } from '../ses/mailbox.js';
import { traceLines } from './trace.js';

const USAGE = `usage: npm run events -- list [--limit N] | trace <correlationId> | dlq | redrive <queue name or ARN> [messageId ...] | emails [--limit N] | hold [rule] | release [rule]
  list      recent events, the rules each matched and what every target did
  trace     one choreography as a tree: its events, the rules they matched, each target's attempts and timings
  emails    what the engine's SES accepted (sent mail is kept, not delivered)
  dlq       dead-letter queues and their messages
  redrive   sends a DLQ's messages (all, or the ids given) back to where they failed
  hold      holds the deliveries of the rules whose name contains [rule] (every rule without it): events are
            accepted and logged, their consumers wait, as if throttled
  release   lets held deliveries go (every hold without [rule])`;

/**
 * `npm run events`: see and repair the running engine's event fabric over its local routes (PORT, default 4000).
 * Returns the process exit code.
 */
export async function eventsCommand(argv: string[], port: number, print: (line: string) => void): Promise<number> {
  const base = `http://127.0.0.1:${port}`;
  const [subcommand, ...rest] = argv;
  const get = async <T>(route: string): Promise<T> => {
    const response = await fetch(`${base}${route}`).catch(() => {
      throw new Error(`No engine answers on ${base}: is \`npm start\` running (PORT=${port})?`);
    });
    return (await response.json()) as T;
  };
  switch (subcommand) {
    case 'list': {
      const limit = rest[0] === '--limit' ? Number(rest[1]) : 20;
      const { events } = await get<{ events: LoggedEvent[] }>('/_local/events');
      for (const entry of events.slice(-limit)) {
        print(`${entry.receivedAt}  ${entry.bus}  ${entry.event.source}  ${entry.event['detail-type']}  ${entry.event.id}`);
        if (!entry.matchedRules.length) print('    (no rule matched)');
        for (const delivery of entry.deliveries) {
          const error = delivery.lastError ? `  last error ${delivery.lastError.code}: ${delivery.lastError.message}` : '';
          const dlq = delivery.deadLetterQueue ? `  → ${delivery.deadLetterQueue}` : '';
          print(`    ${delivery.rule} → ${delivery.targetArn}: ${delivery.status} after ${delivery.attempts} attempt(s)${dlq}${error}`);
        }
      }
      return 0;
    }
    case 'trace': {
      if (!rest[0]) break;
      const { events } = await get<{ events: LoggedEvent[] }>('/_local/events');
      for (const line of traceLines(events, rest[0])) print(line);
      return 0;
    }
    case 'emails': {
      const limit = rest[0] === '--limit' ? Number(rest[1]) : 20;
      const { emails } = await get<{ emails: SentEmail[] }>('/_local/emails');
      for (const email of emails.slice(-limit)) {
        print(`${email.sentAt}  ${email.messageId}  from ${email.from}  to ${email.to.join(', ')}`);
        print(`    ${email.subject}`);
        for (const line of (email.text ?? email.html ?? '').trim().split('\n')) print(`      ${line}`);
      }
      return 0;
    }
    case 'dlq': {
      const { queues } = await get<{ queues: Array<{ name: string; messages: QueueMessage[] }> }>('/_local/dlq');
      for (const queue of queues) {
        print(`${queue.name}: ${queue.messages.length} message(s)`);
        for (const message of queue.messages) {
          const attributes = Object.entries(message.messageAttributes).map(([name, value]) => `${name}=${value.StringValue}`);
          print(
            `    ${message.messageId}  ${new Date(message.sentAt).toISOString()}  ${[...attributes, message.deadLetterSourceArn ? `from ${message.deadLetterSourceArn}` : ''].filter(Boolean).join('  ')}`,
          );
          print(`      ${message.body.length > 200 ? `${message.body.slice(0, 200)}…` : message.body}`);
        }
      }
      return 0;
    }
    case 'redrive': {
      const [queue, ...messageIds] = rest;
      if (!queue) break;
      const response = await fetch(`${base}/_local/redrive`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ queue, messageIds: messageIds.length ? messageIds : undefined }),
      });
      const result = (await response.json()) as RedriveResult & { message?: string };
      if (!response.ok) {
        print(result.message ?? `redrive failed (HTTP ${response.status})`);
        return 1;
      }
      print(`redriven: ${result.redriven.length}`);
      for (const kept of result.kept) print(`    kept ${kept.messageId}: ${kept.reason}`);
      return 0;
    }
    case 'hold':
    case 'release': {
      const response = await fetch(`${base}/_local/deliveries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ [subcommand]: rest[0] ?? (subcommand === 'hold' ? '' : null) }),
      }).catch(() => {
        throw new Error(`No engine answers on ${base}: is \`npm start\` running (PORT=${port})?`);
      });
      const result = (await response.json()) as { holds: string[]; waiting: number; released?: number };
      if (result.released !== undefined) print(`released: ${result.released}`);
      print(
        `held: ${result.holds.map((part) => (part ? `rules named like ${part}` : 'every rule')).join(', ') || 'nothing'}; waiting: ${result.waiting}`,
      );
      return 0;
    }
  }
  print(USAGE);
  return 2;
}
