import type { LocalQueue } from '../queues/queue.js';
import type { Queues } from '../queues/queues.js';
import type { EventEnvelope } from './fabric.js';
import type { EventRouter } from './router.js';

export interface RedriveResult {
  redriven: string[];
  /** messages that stay: nothing says where they came from (e.g. a stream mapping's failure record) */
  kept: Array<{ messageId: string; reason: string }>;
}

/**
 * Sends dead-lettered messages back where they failed: an EventBridge DLQ message (RULE_ARN and TARGET_ARN
 * attributes) is delivered again to that rule target; a message SQS moved here by a redrive policy goes back
 * to its source queue, as SQS's redrive does.
 */
export function redrive(deadLetterQueue: LocalQueue, messageIds: string[] | 'all', queues: Queues, router: EventRouter): RedriveResult {
  const result: RedriveResult = { redriven: [], kept: [] };
  for (const message of deadLetterQueue.list().filter((candidate) => messageIds === 'all' || messageIds.includes(candidate.messageId))) {
    const ruleArn = message.messageAttributes.RULE_ARN?.StringValue;
    const targetArn = message.messageAttributes.TARGET_ARN?.StringValue;
    const source = message.deadLetterSourceArn ? queues.find(message.deadLetterSourceArn) : undefined;
    if (ruleArn && targetArn) {
      if (!router.redeliver(ruleArn, targetArn, JSON.parse(message.body) as EventEnvelope)) {
        result.kept.push({ messageId: message.messageId, reason: `rule target ${ruleArn} → ${targetArn} no longer exists` });
        continue;
      }
    } else if (source) {
      source.send(message.body, { messageAttributes: message.messageAttributes, delaySeconds: 0 });
    } else {
      result.kept.push({ messageId: message.messageId, reason: 'the message does not say where it failed' });
      continue;
    }
    deadLetterQueue.take([message.messageId]);
    result.redriven.push(message.messageId);
  }
  return result;
}
