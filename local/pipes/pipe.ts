import type { PipeModel } from '../assembly/event-fabric-model.js';
import type { ScaledTime } from '../clock/scaled-time.js';
import type { EventFabric } from '../events/fabric.js';
import { readJsonPath } from '../events/json-path.js';
import { FilterCriteria } from '../events/filter-criteria.js';
import { fillTemplate } from '../events/target-input.js';
import { TargetFailure, type DeliveryTarget } from '../events/targets/index.js';
import type { LambdaRunner } from '../lambda/runner.js';
import type { StreamRecord } from '../streams/table-stream-reader.js';

/** Attempts per batch before the pipe gives up on it and says so in the log. */
const ATTEMPTS = 3;
const RETRY_MS = 1000;

/**
 * An EventBridge pipe from a DynamoDB stream: records pass the filters, go through the optional enrichment (a
 * Lambda function given the batch, returning the items to send), are shaped by the target's InputTemplate
 * (`<$.path>` placeholders), and reach the target. An event-bus target gets each item as the detail of an event
 * whose source and detail type come from EventBridgeEventBusParameters (Pipes' defaults otherwise).
 */
export class Pipe {
  private readonly filters: FilterCriteria;

  constructor(
    private readonly model: PipeModel,
    private readonly parts: {
      enrichment: LambdaRunner | null;
      /** for targets other than event buses */
      target: DeliveryTarget | null;
      fabric: EventFabric;
      time: ScaledTime;
      signal: AbortSignal;
      log: (line: string) => void;
    },
  ) {
    this.filters = new FilterCriteria(model.filters);
  }

  async handle(records: StreamRecord[]): Promise<void> {
    const wanted = this.filters.select(records);
    if (!wanted.length) return;
    for (let attempt = 1; !this.parts.signal.aborted; attempt++) {
      try {
        const items = await this.enrich(wanted);
        for (const item of items) await this.send(item);
        return;
      } catch (error) {
        if (attempt >= ATTEMPTS) return this.parts.log(`[pipe ${this.model.name}] gave up on ${wanted.length} record(s) after ${ATTEMPTS} attempts: ${(error as Error).message}`);
        await this.parts.time.sleep(RETRY_MS * attempt, this.parts.signal);
      }
    }
  }

  private async enrich(records: StreamRecord[]): Promise<unknown[]> {
    if (!this.parts.enrichment) return records;
    const outcome = await this.parts.enrichment.invoke(records);
    if (!outcome.ok) throw new TargetFailure(outcome.errorType ?? 'Lambda.Unhandled', `enrichment failed: ${outcome.errorMessage}`);
    return Array.isArray(outcome.result) ? outcome.result : [outcome.result];
  }

  private async send(item: unknown): Promise<void> {
    const template = this.model.targetInputTemplate;
    const payloadText = template ? fillTemplate(template, (name) => (name.startsWith('$') ? { value: readJsonPath(item, name) } : null)) : JSON.stringify(item);
    if (this.parts.target) return this.parts.target.deliver(payloadText);
    const { Entries } = await this.parts.fabric.putEvents([
      {
        EventBusName: this.model.targetArn,
        Source: this.model.eventBus?.source ?? `Pipe ${this.model.name}`,
        DetailType: this.model.eventBus?.detailType ?? 'Event from aws:dynamodb',
        Detail: payloadText,
        Resources: [],
      },
    ]);
    if (Entries[0].ErrorCode) throw new TargetFailure(Entries[0].ErrorCode, Entries[0].ErrorMessage ?? 'PutEvents failed');
  }
}
