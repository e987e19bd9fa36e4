/** A leaf of an event after arrays are flattened: objects are never leaves. */
export type LeafValue = string | number | boolean | null;

/** One operator of a field (prefix, numeric range, anything-but, ...) applied to one leaf value. */
export type LeafTest = (value: LeafValue) => boolean;

/**
 * Everything a pattern says about one field path: the OR of its value list.
 * Exact and ignore-case values are kept apart from the other operators so many rules share one lookup table.
 */
export interface FieldCondition {
  /** Dot-joined path; `{"a":{"b":…}}` and `{"a.b":…}` give the same path, as on AWS. */
  readonly path: string;
  /** Exact matches. JS numbers, so `300.0` and `300` are one value (AWS compares numbers by value). */
  readonly exactValues: ReadonlySet<LeafValue>;
  /** `equals-ignore-case` values, lower-cased (see string-operators.ts). */
  readonly ignoreCaseValues: ReadonlySet<string>;
  readonly tests: readonly LeafTest[];
  /** `{"exists": true}`: any leaf value, including null. */
  readonly matchesAnyValue: boolean;
  /** `{"exists": false}`: the path has no leaf value anywhere in the event. */
  readonly matchesAbsence: boolean;
  /** Wildcard sources, for the complexity limit (event-ruler counts plain wildcards only, not anything-but ones). */
  readonly wildcards: readonly string[];
}

export class FieldConditionBuilder {
  private readonly exactValues = new Set<LeafValue>();
  private readonly ignoreCaseValues = new Set<string>();
  private readonly tests: LeafTest[] = [];
  private readonly wildcards: string[] = [];
  private matchesAnyValue = false;
  private matchesAbsence = false;

  addExactValue(value: LeafValue): void {
    this.exactValues.add(value);
  }

  addIgnoreCaseValue(value: string): void {
    this.ignoreCaseValues.add(value.toLowerCase());
  }

  addTest(test: LeafTest): void {
    this.tests.push(test);
  }

  addWildcard(source: string): void {
    this.wildcards.push(source);
  }

  addExists(exists: boolean): void {
    if (exists) this.matchesAnyValue = true;
    else this.matchesAbsence = true;
  }

  build(path: string): FieldCondition {
    return {
      path,
      exactValues: this.exactValues,
      ignoreCaseValues: this.ignoreCaseValues,
      tests: this.tests,
      matchesAnyValue: this.matchesAnyValue,
      matchesAbsence: this.matchesAbsence,
      wildcards: this.wildcards,
    };
  }
}
