import { InvalidEventPatternError } from './errors.js';
import { FieldConditionBuilder, type FieldCondition } from './field-condition.js';
import { JsonTokenReader } from './json-token-reader.js';
import { readMatchExpression } from './match-expression.js';
import { MAX_WILDCARD_COMPLEXITY, parseWildcard, wildcardComplexity, type WildcardSegments } from './wildcard.js';

/**
 * A pattern in disjunctive form: it matches when any sub-rule matches, and a sub-rule matches when all of its
 * field conditions do. Without `$or` there is exactly one sub-rule.
 */
export type SubRule = readonly FieldCondition[];

/**
 * Field names that make an `$or` branch fall back to being an ordinary field called "$or" (AWS compatibility):
 * event-ruler's reserved names, including operators EventBridge does not offer.
 */
const RESERVED_IN_OR: ReadonlySet<string> = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

/**
 * Parses and validates pattern text in one streaming pass, in the order AWS does, so the first problem in the
 * text is the one reported. A path given twice (repeated key, or dotted and nested forms) keeps the later one.
 */
export function parsePattern(text: string): SubRule[] {
  const subRules = new PatternStructureReader(new JsonTokenReader(text)).read();
  checkWildcardComplexity(subRules);
  return subRules;
}

/** Sub-rules while reading: path → condition, in insertion order. */
type PartialSubRule = Map<string, FieldCondition>;

class ReservedNameInOr extends Error {}

class PatternStructureReader {
  constructor(private readonly reader: JsonTokenReader) {}

  read(): SubRule[] {
    if (this.reader.next() !== 'startObject') fail('Filter is not an object');
    const rules: PartialSubRule[] = [];
    this.readObject(rules, [], false);
    return rules.map((rule) => [...rule.values()]);
  }

  /** Reads the fields of an object whose `{` was just read. */
  private readObject(rules: PartialSubRule[], path: readonly string[], insideOr: boolean): void {
    let hasFields = false;
    while (this.reader.next() !== 'endObject') {
      hasFields = true;
      const name = this.reader.text;
      if (name === '$or' && this.tryReadOr(rules, path)) continue;
      if (insideOr && RESERVED_IN_OR.has(name)) throw new ReservedNameInOr();
      this.readField(rules, [...path, name], insideOr);
    }
    if (!hasFields) fail('Empty objects are not allowed');
  }

  private readField(rules: PartialSubRule[], path: readonly string[], insideOr: boolean): void {
    const token = this.reader.next();
    if (token === 'startObject') this.readObject(rules, path, insideOr);
    else if (token === 'startArray') this.readValueList(rules, path.join('.'));
    else fail(`"${path[path.length - 1]}" must be an object or an array`);
  }

  /**
   * `"$or": [{…}, {…}]` forks every sub-rule read so far into one copy per branch. Returns false (having read
   * nothing) when AWS would treat "$or" as an ordinary field name: its value is not an array, or a branch uses an
   * operator name as a field name.
   */
  private tryReadOr(rules: PartialSubRule[], path: readonly string[]): boolean {
    const mark = this.reader.mark();
    if (this.reader.next() !== 'startArray') {
      this.reader.reset(mark);
      return false;
    }
    try {
      const forked: PartialSubRule[] = [];
      let branchCount = 0;
      for (let token = this.reader.next(); token !== 'endArray'; token = this.reader.next()) {
        branchCount++;
        if (token !== 'startObject') fail('Only JSON object is allowed in array of $or relationship.');
        const branch = rules.length === 0 ? [new Map()] : rules.map((rule) => new Map(rule));
        this.readObject(branch, path, true);
        forked.push(...branch);
      }
      if (branchCount < 2) fail('There must have at least 2 Objects in $or relationship.');
      rules.splice(0, rules.length, ...forked);
      return true;
    } catch (error) {
      if (!(error instanceof ReservedNameInOr)) throw error;
      this.reader.reset(mark);
      return false;
    }
  }

  /** Reads a field's value list after its `[`; the values OR together. */
  private readValueList(rules: PartialSubRule[], path: string): void {
    const builder = new FieldConditionBuilder();
    let count = 0;
    for (let token = this.reader.next(); token !== 'endArray'; token = this.reader.next()) {
      count++;
      switch (token) {
        case 'startObject':
          readMatchExpression(this.reader, builder);
          break;
        case 'string':
          builder.addExactValue(this.reader.text);
          break;
        case 'number':
          builder.addExactValue(Number(this.reader.text));
          break;
        case 'true':
        case 'false':
          builder.addExactValue(token === 'true');
          break;
        case 'null':
          builder.addExactValue(null);
          break;
        default:
          fail('Match value must be String, number, true, false, or null');
      }
    }
    if (count === 0) fail('Empty arrays are not allowed');
    const condition = builder.build(path);
    if (rules.length === 0) rules.push(new Map());
    for (const rule of rules) rule.set(path, condition);
  }
}

/** Checked after parsing, as AWS does when it adds the compiled rule to its matcher. */
function checkWildcardComplexity(subRules: readonly SubRule[]): void {
  const wildcardsByPath = new Map<string, Set<string>>();
  for (const condition of new Set(subRules.flat())) {
    if (condition.wildcards.length === 0) continue;
    const wildcards = wildcardsByPath.get(condition.path) ?? new Set();
    for (const wildcard of condition.wildcards) wildcards.add(wildcard);
    wildcardsByPath.set(condition.path, wildcards);
  }
  for (const wildcards of wildcardsByPath.values()) {
    const parsed = [...wildcards].map((source) => parseWildcard(source) as WildcardSegments);
    if (wildcardComplexity(parsed) > MAX_WILDCARD_COMPLEXITY) {
      fail('Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character');
    }
  }
}

function fail(reason: string): never {
  throw new InvalidEventPatternError(reason);
}
