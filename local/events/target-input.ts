import type { RuleTargetModel } from '../assembly/event-fabric-model.js';
import type { EventEnvelope } from './fabric.js';
import { readJsonPath } from './json-path.js';

export interface RuleIdentity {
  name: string;
  arn: string;
}

const PLACEHOLDER = /<([^<>\s]+)>/g;

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

type Replacement = { value: unknown } | { json: string } | null;

/**
 * Fills `<name>` placeholders the way EventBridge does. In a JSON template, a placeholder inside a string literal
 * takes a string's characters (escaped for JSON) or another value's JSON text (escaped), and one outside a string
 * takes the value's JSON (strings quoted; a path that selected nothing gives null). A template that is not JSON
 * is text: values go in as they are. Unknown names stay as written.
 */
export function fillTemplate(template: string, lookup: (name: string) => Replacement): string {
  const isJson = isJsonTemplate(template);
  let output = '';
  let inString = false;
  for (let index = 0; index < template.length; index++) {
    const char = template[index];
    if (char === '\\' && inString) {
      output += char + (template[index + 1] ?? '');
      index += 1;
      continue;
    }
    if (char === '"') inString = !inString;
    if (char === '<') {
      PLACEHOLDER.lastIndex = index;
      const match = PLACEHOLDER.exec(template);
      const replacement = match && match.index === index ? lookup(match[1]) : null;
      if (match && match.index === index && replacement) {
        output += render(replacement, isJson, inString);
        index += match[0].length - 1;
        continue;
      }
    }
    output += char;
  }
  return output;
}

function render(replacement: Exclude<Replacement, null>, isJson: boolean, inString: boolean): string {
  if ('json' in replacement) return replacement.json;
  const { value } = replacement;
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  if (!isJson) return typeof value === 'string' ? value : text;
  if (inString) return JSON.stringify(text).slice(1, -1);
  return JSON.stringify(value ?? null);
}

function isJsonTemplate(template: string): boolean {
  try {
    JSON.parse(template.replace(PLACEHOLDER, 'null'));
    return true;
  } catch {
    return false;
  }
}

/** The payload a target receives: JSON when the text is JSON, the text itself otherwise. */
export function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
