import * as path from 'node:path';
import type { QueueModel } from '../assembly/event-fabric-model.js';
import type { ScaledTime } from '../clock/scaled-time.js';
import { SnapshotFile } from '../persistence/snapshot-file.js';
import { LocalQueue, type QueueMessage } from './queue.js';

/** The stack's SQS queues, by ARN, URL or name; their contents persist in `<dataDir>/queues.json`. */
export class Queues {
  private readonly byArn = new Map<string, LocalQueue>();
  private readonly file: SnapshotFile<Record<string, QueueMessage[]>>;

  constructor(models: QueueModel[], time: ScaledTime, dataDir: string | null) {
    this.file = new SnapshotFile(dataDir && path.join(dataDir, 'queues.json'), () =>
      Object.fromEntries([...this.byArn.values()].map((queue) => [queue.arn, queue.snapshot()])),
    );
    for (const model of models) this.byArn.set(model.arn, new LocalQueue(model, time, () => this.file.changed()));
    for (const queue of this.byArn.values()) {
      const redrive = queue.model.redrive;
      if (!redrive) continue;
      queue.deadLetterQueue = this.byArn.get(redrive.deadLetterArn) ?? null;
      if (!queue.deadLetterQueue)
        throw new Error(`Queue ${queue.model.name} redrives to ${redrive.deadLetterArn}, which is not in the stack`);
    }
    const saved = this.file.load() ?? {};
    for (const [arn, messages] of Object.entries(saved)) this.byArn.get(arn)?.restore(messages);
  }

  all(): LocalQueue[] {
    return [...this.byArn.values()];
  }

  /** By ARN, queue URL or queue name. */
  find(reference: string): LocalQueue | undefined {
    return this.byArn.get(reference) ?? this.all().find((queue) => queue.model.url === reference || queue.model.name === reference);
  }

  flush(): void {
    this.file.flush();
  }
}
