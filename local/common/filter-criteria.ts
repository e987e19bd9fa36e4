import { compileEventPattern, type CompiledEventPattern } from './event-pattern/index.js';

/**
 * The FilterCriteria of event source mappings and pipes: a record passes when any of the patterns matches it,
 * and every record passes when there are none. Patterns are compiled once, when the mapping is built.
 */
export class FilterCriteria {
  private readonly patterns: CompiledEventPattern[];

  constructor(patterns: string[]) {
    this.patterns = patterns.map((pattern) => compileEventPattern(pattern));
  }

  get isEmpty(): boolean {
    return this.patterns.length === 0;
  }

  passes(subject: object): boolean {
    return this.isEmpty || this.patterns.some((pattern) => pattern.matches(subject));
  }

  /** The records that pass, in order. */
  select<T extends object>(records: T[]): T[] {
    return this.isEmpty ? records : records.filter((record) => this.passes(record));
  }
}
