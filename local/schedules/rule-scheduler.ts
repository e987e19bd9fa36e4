import { randomUUID } from 'node:crypto';
import type { RuleModel } from '../assembly/event-fabric-model.js';
import { LOCAL_ACCOUNT_ID } from '../assembly/intrinsics.js';
import type { ScaledTime } from '../clock/scaled-time.js';
import type { EventEnvelope } from '../events/fabric.js';
import { parseScheduleExpression, type Schedule } from './schedule-expression.js';

/**
 * Fires scheduled rules with EventBridge's "Scheduled Event" envelope. A rate fires one period after the start
 * and every period after (the period follows the engine's time scale); a cron fires on its UTC minutes.
 */
export class RuleScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly schedules: Array<{ rule: RuleModel; schedule: Schedule }>;

  constructor(
    rules: RuleModel[],
    private readonly region: string,
    private readonly time: ScaledTime,
    private readonly fire: (ruleArn: string, event: EventEnvelope) => void,
  ) {
    // parsed up front, so a bad expression stops the engine at start rather than at the first fire
    this.schedules = rules
      .filter((rule) => rule.enabled && rule.scheduleExpression)
      .map((rule) => ({ rule, schedule: parseScheduleExpression(rule.scheduleExpression!) }));
  }

  start(): void {
    for (const { rule, schedule } of this.schedules) this.arm(rule, schedule, Date.now());
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private arm(rule: RuleModel, schedule: Schedule, fromMs: number): void {
    const at = schedule.kind === 'rate' ? fromMs + this.time.ms(schedule.periodMs) : schedule.next(fromMs);
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.arm(rule, schedule, at);
        this.fire(rule.arn, this.scheduledEvent(rule, at));
      },
      Math.max(0, at - Date.now()),
    );
    timer.unref();
    this.timers.add(timer);
  }

  private scheduledEvent(rule: RuleModel, at: number): EventEnvelope {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: LOCAL_ACCOUNT_ID,
      time: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.region,
      resources: [rule.arn],
      detail: {},
    };
  }
}
