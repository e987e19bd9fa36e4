import type { RuleTargetModel } from '../assembly/event-fabric-model.js';
import type { EventEnvelope } from './fabric.js';
import { fillTemplate } from '../common/input-template.js';
import { readJsonPath } from '../common/json-path.js';

export interface RuleIdentity {
  name: string;
  arn: string;
}

/**
 * What a rule sends its target for an event, as EventBridge computes it: the constant Input, the part InputPath
 * selects, the InputTransformer's template filled in, or else the whole event. Returns the payload's text.
 */
export function targetInputText(target: RuleTargetModel, event: EventEnvelope, rule: RuleIdentity, ingestionTime: string): string {
  if (target.input !== null) return target.input;
  if (target.inputPath !== null) return JSON.stringify(readJsonPath(event, target.inputPath) ?? null);
  if (target.inputTransformer === null) return JSON.stringify(event);
  const values = new Map<string, unknown>(
    Object.entries(target.inputTransformer.pathsMap).map(([name, jsonPath]) => [name, readJsonPath(event, jsonPath)]),
  );
  const { detail: _detail, ...withoutDetail } = event;
  const reserved: Record<string, string> = {
    'aws.events.rule-arn': JSON.stringify(rule.arn),
    'aws.events.rule-name': JSON.stringify(rule.name),
    'aws.events.event.ingestion-time': JSON.stringify(ingestionTime),
    // inserted as JSON text, unescaped: only usable as a JSON value, as AWS documents
    'aws.events.event': JSON.stringify(withoutDetail),
    'aws.events.event.json': JSON.stringify(event),
  };
  return fillTemplate(target.inputTransformer.template, (name) =>
    name in reserved ? { json: reserved[name] } : values.has(name) ? { value: values.get(name) } : null,
  );
}

/** The payload a target receives: JSON when the text is JSON, the text itself otherwise. */
export function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
