import type { RuleModel, RuleTargetModel } from '../assembly/event-fabric-model.js';
import type { ScaledTime } from '../clock/scaled-time.js';
import type { Queues } from '../queues/queues.js';
import type { EventEnvelope, RecordedEvent } from './fabric.js';
import type { DeliveryRecord, EventLog, LoggedEvent } from './event-log.js';
import { compileRuleSet, type CompiledRuleSet } from '../common/event-pattern/index.js';
import { deliverWithRetries } from './retrying-delivery.js';
import { targetInputText } from './target-input.js';
import type { DeliveryTarget } from './targets/index.js';

interface RoutedRule {
  model: RuleModel;
  targets: Array<{ model: RuleTargetModel; target: DeliveryTarget }>;
}

/**
 * Routes what reaches a bus to the rules whose patterns match (all of a bus's patterns compiled once into one
 * rule set, so one walk of the event serves every rule), then delivers to each target independently: a failing
 * target never holds up the others. Undeliverable events go to the target's DLQ with the attributes EventBridge
 * adds, or are dropped when it has none.
 */
export class EventRouter {
  private readonly byBus = new Map<string, { rules: RoutedRule[]; patterns: CompiledRuleSet }>();
  private readonly byArn = new Map<string, RoutedRule>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  /** parts of rule names whose deliveries wait ('' holds every rule) */
  private readonly holds = new Set<string>();
  private waiting: Array<{ rule: string; start: () => void }> = [];

  constructor(
    rules: Array<{ model: RuleModel; targets: Array<{ model: RuleTargetModel; target: DeliveryTarget }> }>,
    private readonly log: EventLog,
    private readonly queues: Queues,
    private readonly time: ScaledTime,
  ) {
    for (const rule of rules) {
      this.byArn.set(rule.model.arn, rule);
      for (const target of rule.model.targets) {
        if (target.deadLetterArn && !queues.find(target.deadLetterArn))
          throw new Error(
            `Rule ${rule.model.name}: target ${target.id} dead-letters to ${target.deadLetterArn}, which is not in the stack`,
          );
      }
    }
    const patternRules = rules.filter((rule) => rule.model.enabled && rule.model.eventPattern !== null);
    for (const bus of new Set(patternRules.map((rule) => rule.model.busName))) {
      const busRules = patternRules.filter((rule) => rule.model.busName === bus);
      this.byBus.set(bus, { rules: busRules, patterns: compileRuleSet(busRules.map((rule) => rule.model.eventPattern!)) });
    }
  }

  /** Matches an accepted event against its bus's rules and starts the deliveries. */
  route(recorded: RecordedEvent): void {
    const bus = this.byBus.get(recorded.bus);
    const matched = bus ? bus.patterns.matchingIndexes(recorded.event).map((index) => bus.rules[index]) : [];
    const entry = this.log.add(
      recorded,
      matched.map((rule) => rule.model.name),
    );
    for (const rule of matched) for (const target of rule.targets) this.startDelivery(entry, rule, target);
  }

  /** A schedule fired: the rule's own targets get the event, whatever else is on the bus. */
  fire(ruleArn: string, event: EventEnvelope): void {
    const rule = this.byArn.get(ruleArn)!;
    const entry = this.log.add({ bus: rule.model.busName, event, receivedAt: new Date().toISOString() }, [rule.model.name]);
    for (const target of rule.targets) this.startDelivery(entry, rule, target);
  }

  /** Delivers a dead-lettered event again to the one target it failed for, under that target's retry policy. */
  redeliver(ruleArn: string, targetArn: string, event: EventEnvelope): boolean {
    const rule = this.byArn.get(ruleArn);
    const target = rule?.targets.find((candidate) => candidate.model.arn === targetArn);
    if (!rule || !target) return false;
    const entry =
      this.log.find(event.id) ?? this.log.add({ bus: rule.model.busName, event, receivedAt: new Date().toISOString() }, [rule.model.name]);
    this.startDelivery(entry, rule, target);
    return true;
  }

  /** Picks up deliveries a previous run left in progress. */
  resumeInterrupted(): void {
    for (const entry of this.log.list()) {
      for (const record of entry.deliveries.filter((delivery) => delivery.status === 'in-progress')) {
        const rule = this.byArn.get(record.ruleArn);
        const target = rule?.targets.find((candidate) => candidate.model.id === record.targetId);
        if (rule && target) this.runDelivery(entry, rule, target, record);
      }
    }
  }

  /**
   * Holds the deliveries of every rule whose name contains `rulePart` ('' for every rule), the local counterpart
   * of throttling the consumers on AWS: events are still accepted, matched and logged, and their deliveries wait,
   * in progress with no attempt, until released. Held deliveries are never lost: they are in the event log, and a
   * restart (which forgets holds) resumes them.
   */
  hold(rulePart: string): void {
    this.holds.add(rulePart);
  }

  /** Lifts the hold on `rulePart` (every hold when null) and starts the deliveries no other hold keeps waiting. */
  release(rulePart: string | null): number {
    if (rulePart === null) this.holds.clear();
    else this.holds.delete(rulePart);
    const ready = this.waiting.filter(({ rule }) => !this.isHeld(rule));
    this.waiting = this.waiting.filter(({ rule }) => this.isHeld(rule));
    for (const { start } of ready) start();
    return ready.length;
  }

  /** The holds, the deliveries they keep waiting, and the deliveries under way (retry waits included). */
  deliveryState(): { holds: string[]; waiting: number; inFlight: number } {
    return { holds: [...this.holds], waiting: this.waiting.length, inFlight: this.inFlight.size };
  }

  /** Settles in-flight deliveries: waits are interrupted, attempts under way finish. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.inFlight);
  }

  private startDelivery(entry: LoggedEvent, rule: RoutedRule, target: RoutedRule['targets'][number]): void {
    const record: DeliveryRecord = {
      rule: rule.model.name,
      ruleArn: rule.model.arn,
      targetId: target.model.id,
      targetArn: target.model.arn,
      status: 'in-progress',
      attempts: 0,
      lastError: null,
      deadLetterQueue: null,
      updatedAt: new Date().toISOString(),
    };
    entry.deliveries.push(record);
    this.log.changed();
    this.runDelivery(entry, rule, target, record);
  }

  private isHeld(ruleName: string): boolean {
    for (const part of this.holds) if (ruleName.includes(part)) return true;
    return false;
  }

  private runDelivery(entry: LoggedEvent, rule: RoutedRule, target: RoutedRule['targets'][number], record: DeliveryRecord): void {
    if (this.holds.size && this.isHeld(rule.model.name)) {
      this.waiting.push({ rule: rule.model.name, start: () => this.runDelivery(entry, rule, target, record) });
      return;
    }
    const delivery = this.deliver(entry, rule, target, record).finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  private async deliver(
    entry: LoggedEvent,
    rule: RoutedRule,
    target: RoutedRule['targets'][number],
    record: DeliveryRecord,
  ): Promise<void> {
    let payloadText: string;
    try {
      payloadText = targetInputText(target.model, entry.event, { name: rule.model.name, arn: rule.model.arn }, entry.receivedAt);
    } catch (error) {
      return this.settle(record, 'dropped', { code: 'InputTransformationError', message: (error as Error).message });
    }
    const outcome = await deliverWithRetries({
      target: target.target,
      payloadText,
      policy: target.model.retryPolicy,
      receivedAt: Date.parse(entry.receivedAt),
      record,
      changed: () => this.log.changed(),
      time: this.time,
      signal: this.abort.signal,
    });
    if ('interrupted' in outcome) return;
    if (outcome.delivered) return this.settle(record, 'delivered', record.lastError);
    const deadLetterQueue = target.model.deadLetterArn ? this.queues.find(target.model.deadLetterArn)! : null;
    if (!deadLetterQueue) return this.settle(record, 'dropped', record.lastError);
    const attribute = (value: string) => ({ DataType: 'String', StringValue: value });
    deadLetterQueue.send(JSON.stringify(entry.event), {
      messageAttributes: {
        RULE_ARN: attribute(rule.model.arn),
        TARGET_ARN: attribute(target.model.arn),
        ERROR_CODE: attribute(outcome.error.code),
        ERROR_MESSAGE: attribute(outcome.error.message),
        // a failure no retry can fix (e.g. HTTP 400) exhausts nothing: EventBridge leaves the attribute out
        ...(outcome.exhaustedCondition === 'NonRetryable' ? {} : { EXHAUSTED_RETRY_CONDITION: attribute(outcome.exhaustedCondition) }),
        RETRY_ATTEMPTS: attribute(String(record.attempts - 1)),
      },
    });
    record.deadLetterQueue = deadLetterQueue.model.name;
    this.settle(record, 'dead-lettered', record.lastError);
  }

  private settle(record: DeliveryRecord, status: DeliveryRecord['status'], lastError: DeliveryRecord['lastError']): void {
    record.status = status;
    record.lastError = lastError;
    record.updatedAt = new Date().toISOString();
    this.log.changed();
  }
}
