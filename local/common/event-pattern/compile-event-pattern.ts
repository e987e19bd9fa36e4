import { EventBridgeValidationError } from './errors.js';
import { parsePattern, type SubRule } from './parse-pattern.js';
import { RuleMatcher } from './rule-matcher.js';

/** TestEventPattern / PutRule accept at most this many characters of pattern text. */
export const MAX_EVENT_PATTERN_LENGTH = 4096;

/** A pattern parsed and validated once; matching never re-reads the pattern text. */
export class CompiledEventPattern {
  private readonly matcher: RuleMatcher;

  /** @internal use compileEventPattern */
  constructor(
    /** The pattern text as AWS would receive it. */
    readonly source: string,
    /** The pattern in disjunctive form (one sub-rule per `$or` combination); shared with rule sets. */
    readonly subRules: readonly SubRule[],
  ) {
    this.matcher = new RuleMatcher([subRules]);
  }

  /** Whether an event (the full envelope: source, detail-type, detail, ...) matches. */
  matches(event: object): boolean {
    return this.matcher.matchesRule(event, 0);
  }
}

/**
 * Parses and validates an event pattern (JSON text, or an object that is serialized first).
 * @throws InvalidEventPatternError with AWS's message for an invalid pattern
 * @throws EventBridgeValidationError when the text is longer than 4096 characters
 */
export function compileEventPattern(pattern: string | object): CompiledEventPattern {
  const source = typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
  if (source.length > MAX_EVENT_PATTERN_LENGTH) {
    throw new EventBridgeValidationError(
      `1 validation error detected: Value at 'eventPattern' failed to satisfy constraint: Member must have length less than or equal to ${MAX_EVENT_PATTERN_LENGTH}`,
    );
  }
  return new CompiledEventPattern(source, parsePattern(source));
}
