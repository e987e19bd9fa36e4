import type { LocalQueue } from '../../queues/queue.js';
import type { DeliveryTarget } from './types.js';

/** An SQS queue: the payload text becomes the message body. */
export function sqsTarget(queue: LocalQueue): DeliveryTarget {
  return {
    arn: queue.arn,
    async deliver(payloadText) {
      queue.send(payloadText);
    },
  };
}
