import { compileEventPattern, CompiledEventPattern } from './compile-event-pattern.js';
import { RuleMatcher } from './rule-matcher.js';

/** Many patterns matched together: one walk of the event serves every rule. */
export class CompiledRuleSet {
  private readonly matcher: RuleMatcher;

  /** @internal use compileRuleSet */
  constructor(readonly patterns: readonly CompiledEventPattern[]) {
    this.matcher = new RuleMatcher(patterns.map((pattern) => pattern.subRules));
  }

  /** Indexes (into `patterns`) of the patterns the event matches, ascending. */
  matchingIndexes(event: object): number[] {
    return this.matcher.matchingRuleIndexes(event);
  }
}

/** Compiles (or reuses compiled) patterns into one rule set. Throws like compileEventPattern. */
export function compileRuleSet(patterns: ReadonlyArray<string | object | CompiledEventPattern>): CompiledRuleSet {
  return new CompiledRuleSet(patterns.map((pattern) => (pattern instanceof CompiledEventPattern ? pattern : compileEventPattern(pattern))));
}
