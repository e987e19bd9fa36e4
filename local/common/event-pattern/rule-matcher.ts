import type { FieldCondition, LeafTest, LeafValue } from './field-condition.js';
import type { SubRule } from './parse-pattern.js';

/**
 * Matches events against a fixed set of compiled rules.
 *
 * One walk per event follows only the paths some rule mentions (a trie, so a large event costs what the rules
 * look at), records per field condition whether a leaf matched, and then checks each rule's sub-rules with
 * those flags. Exact values of all rules at a path share one hash lookup. The per-event state lives in typed
 * arrays reused across events, so a match allocates nothing unless the array-consistency check below is needed.
 *
 * Arrays (decision, see the reference): matching is ARRAY-CONSISTENT, as event-ruler's rulesForJSONEvent, the
 * default JSON matcher: the values that satisfy two fields of one sub-rule may not come from different elements
 * of the same event array. `{"a":{"x":["1"],"y":["2"]}}` does not match `{"a":[{"x":"1"},{"x":"3","y":"2"}]}`.
 * `exists: false` is checked against the whole event (the path has no leaf anywhere), not per array element.
 */
export class RuleMatcher {
  private readonly root: PathNode;
  private readonly conditions: FieldCondition[] = [];
  /** Per rule, per sub-rule, the ids of its conditions. */
  private readonly rules: number[][][];
  private readonly conditionNodeIndex: number[] = [];
  /** Per condition, `[from][to]` → the event key spanning path steps from..to-1 (for the slow path). */
  private readonly conditionStepKeys: string[][][] = [];

  /** Per event: a leaf exists at the node's path. */
  private readonly leafPresent: Uint8Array;
  /** Per event: some leaf satisfied the condition. */
  private readonly matched: Uint8Array;
  /** Per event: some satisfying leaf sat inside an array, so array consistency may matter. */
  private readonly matchedInArray: Uint8Array;

  constructor(rules: ReadonlyArray<readonly SubRule[]>) {
    const builder = new PathTrieBuilder();
    const conditionIds = new Map<FieldCondition, number>();
    const idOf = (condition: FieldCondition): number => {
      let id = conditionIds.get(condition);
      if (id === undefined) {
        id = this.conditions.length;
        conditionIds.set(condition, id);
        this.conditions.push(condition);
        this.conditionNodeIndex.push(builder.register(condition, id));
        this.conditionStepKeys.push(stepKeys(condition.path.split('.')));
      }
      return id;
    };
    this.rules = rules.map((subRules) => subRules.map((subRule) => subRule.map(idOf)));
    this.root = builder.root;
    this.leafPresent = new Uint8Array(builder.nodeCount);
    this.matched = new Uint8Array(this.conditions.length);
    this.matchedInArray = new Uint8Array(this.conditions.length);
  }

  /** Indexes of the rules the event matches, ascending. */
  matchingRuleIndexes(event: object): number[] {
    const matching: number[] = [];
    if (!this.scan(event)) return matching;
    for (let index = 0; index < this.rules.length; index++) {
      if (this.ruleMatchesScannedEvent(index, event)) matching.push(index);
    }
    return matching;
  }

  matchesRule(event: object, ruleIndex: number): boolean {
    return this.scan(event) && this.ruleMatchesScannedEvent(ruleIndex, event);
  }

  private scan(event: object): boolean {
    if (event === null || typeof event !== 'object' || Array.isArray(event)) return false;
    this.leafPresent.fill(0);
    this.matched.fill(0);
    this.matchedInArray.fill(0);
    this.visit(this.root, event, false);
    return true;
  }

  private visit(node: PathNode, value: unknown, inArray: boolean): void {
    if (value === undefined) return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.visit(node, value[i], true);
      return;
    }
    if (value !== null && typeof value === 'object') {
      const keys = node.edgeKeys;
      for (let i = 0; i < keys.length; i++) {
        const child = (value as Record<string, unknown>)[keys[i]];
        if (child !== undefined && Object.hasOwn(value, keys[i])) this.visit(node.edgeNodes[i], child, inArray);
      }
      return;
    }
    if (node.conditionCount === 0 || !isLeafValue(value)) return;
    this.leafPresent[node.index] = 1;
    const exact = node.exactConditions?.get(value);
    if (exact !== undefined) for (let i = 0; i < exact.length; i++) this.markMatched(exact[i], inArray);
    if (node.ignoreCaseConditions !== null && typeof value === 'string') {
      const ignoringCase = node.ignoreCaseConditions.get(value.toLowerCase());
      if (ignoringCase !== undefined) for (let i = 0; i < ignoringCase.length; i++) this.markMatched(ignoringCase[i], inArray);
    }
    const anyValue = node.anyValueConditions;
    for (let i = 0; i < anyValue.length; i++) this.markMatched(anyValue[i], inArray);
    const tested = node.testedConditions;
    for (let i = 0; i < tested.length; i++) {
      const tests = tested[i].tests;
      for (let t = 0; t < tests.length; t++) {
        if (tests[t](value)) {
          this.markMatched(tested[i].id, inArray);
          break;
        }
      }
    }
  }

  private markMatched(id: number, inArray: boolean): void {
    this.matched[id] = 1;
    if (inArray) this.matchedInArray[id] = 1;
  }

  private ruleMatchesScannedEvent(ruleIndex: number, event: object): boolean {
    const subRules = this.rules[ruleIndex];
    for (let s = 0; s < subRules.length; s++) {
      const subRule = subRules[s];
      let satisfied = true;
      let matchedInArrays = 0;
      for (let c = 0; c < subRule.length; c++) {
        const id = subRule[c];
        if (this.matched[id] === 1) {
          matchedInArrays += this.matchedInArray[id];
        } else if (!this.conditions[id].matchesAbsence || this.leafPresent[this.conditionNodeIndex[id]] === 1) {
          satisfied = false;
          break;
        }
      }
      // Only two or more fields matched inside arrays can violate array consistency.
      if (satisfied && (matchedInArrays < 2 || this.isArrayConsistent(subRule, event))) return true;
    }
    return false;
  }

  /** Slow path: is there one matching leaf per field such that no two come from different elements of an array? */
  private isArrayConsistent(subRule: readonly number[], event: object): boolean {
    const candidates: ArrayPosition[][][] = [];
    for (const id of subRule) {
      if (this.matchedInArray[id] !== 1) continue;
      const positions: ArrayPosition[][] = [];
      collectMatchingLeaves(event, this.conditionStepKeys[id], 0, this.conditions[id], [], positions);
      candidates.push(positions);
    }
    return chooseConsistently(candidates, 0, new Map());
  }
}

/**
 * Backtracking over the candidate leaves of each field; `chosen` maps each array seen so far to the element
 * index the chosen leaves came through.
 */
function chooseConsistently(candidates: ArrayPosition[][][], field: number, chosen: Map<unknown[], number>): boolean {
  if (field === candidates.length) return true;
  for (const positions of candidates[field]) {
    const added: unknown[][] = [];
    let consistent = true;
    for (const [array, index] of positions) {
      const existing = chosen.get(array);
      if (existing === undefined) {
        chosen.set(array, index);
        added.push(array);
      } else if (existing !== index) {
        consistent = false;
        break;
      }
    }
    if (consistent && chooseConsistently(candidates, field + 1, chosen)) return true;
    for (const array of added) chosen.delete(array);
  }
  return false;
}

/** Which element of which event array a leaf was reached through. */
type ArrayPosition = readonly [array: unknown[], index: number];

/**
 * Collects, for every leaf at the condition's path that satisfies it, the array elements it was reached through.
 * `stepKeys[from][to]` is the event key covering path steps from..to-1 (keys may contain dots).
 */
function collectMatchingLeaves(
  value: unknown,
  stepKeys: readonly (readonly string[])[],
  depth: number,
  condition: FieldCondition,
  positions: ArrayPosition[],
  out: ArrayPosition[][],
): void {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      positions.push([value, index]);
      collectMatchingLeaves(value[index], stepKeys, depth, condition, positions, out);
      positions.pop();
    }
  } else if (value !== null && typeof value === 'object') {
    const keys = stepKeys[depth] ?? [];
    for (let end = depth + 1; end < keys.length; end++) {
      if (Object.hasOwn(value, keys[end])) {
        collectMatchingLeaves((value as Record<string, unknown>)[keys[end]], stepKeys, end, condition, positions, out);
      }
    }
  } else if (depth === stepKeys.length && isLeafValue(value) && conditionAccepts(condition, value)) {
    out.push([...positions]);
  }
}

function conditionAccepts(condition: FieldCondition, value: LeafValue): boolean {
  return (
    condition.matchesAnyValue ||
    condition.exactValues.has(value) ||
    (typeof value === 'string' && condition.ignoreCaseValues.has(value.toLowerCase())) ||
    condition.tests.some((test) => test(value))
  );
}

function isLeafValue(value: unknown): value is LeafValue {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

interface PathNode {
  readonly index: number;
  /** Event keys to follow from here: single steps ("state") and dotted shortcuts ("state.status"). */
  readonly edgeKeys: string[];
  readonly edgeNodes: PathNode[];
  conditionCount: number;
  exactConditions: Map<LeafValue, number[]> | null;
  /** Keyed by the lower-cased value. */
  ignoreCaseConditions: Map<string, number[]> | null;
  readonly anyValueConditions: number[];
  readonly testedConditions: Array<{ readonly id: number; readonly tests: readonly LeafTest[] }>;
}

/**
 * Builds the trie of condition paths. Nodes are dot-joined path prefixes; since an event key may itself contain
 * dots (`{"state.status": …}` equals `{"state": {"status": …}}`), every node also gets an edge for each dotted
 * run of following steps, so the walk only ever does one property lookup per edge.
 */
class PathTrieBuilder {
  readonly root: PathNode = newNode(0);
  private readonly nodesByPath = new Map<string, PathNode>();
  private readonly edgeSets = new Map<PathNode, Set<string>>();

  get nodeCount(): number {
    return this.nodesByPath.size + 1;
  }

  /** Adds the condition at its path and returns the index of the path's node. */
  register(condition: FieldCondition, id: number): number {
    const segments = condition.path.split('.');
    const nodes = [this.root];
    for (let depth = 1; depth <= segments.length; depth++) {
      const path = segments.slice(0, depth).join('.');
      let node = this.nodesByPath.get(path);
      if (node === undefined) {
        node = newNode(this.nodesByPath.size + 1);
        this.nodesByPath.set(path, node);
      }
      nodes.push(node);
    }
    const keys = stepKeys(segments);
    for (let from = 0; from < segments.length; from++) {
      for (let to = from + 1; to <= segments.length; to++) this.addEdge(nodes[from], keys[from][to], nodes[to]);
    }

    const node = nodes[segments.length];
    node.conditionCount++;
    if (condition.matchesAnyValue) node.anyValueConditions.push(id);
    if (condition.tests.length > 0) node.testedConditions.push({ id, tests: condition.tests });
    for (const value of condition.exactValues) addToIndex((node.exactConditions ??= new Map()), value, id);
    for (const value of condition.ignoreCaseValues) addToIndex((node.ignoreCaseConditions ??= new Map()), value, id);
    return node.index;
  }

  private addEdge(from: PathNode, key: string, to: PathNode): void {
    let keys = this.edgeSets.get(from);
    if (keys === undefined) {
      keys = new Set();
      this.edgeSets.set(from, keys);
    }
    if (keys.has(key)) return;
    keys.add(key);
    from.edgeKeys.push(key);
    from.edgeNodes.push(to);
  }
}

function addToIndex<K>(index: Map<K, number[]>, key: K, id: number): void {
  const ids = index.get(key);
  if (ids === undefined) index.set(key, [id]);
  else ids.push(id);
}

/** `[from][to]` → the dotted key covering path steps from..to-1, e.g. [0][2] of a.b.c is "a.b". */
function stepKeys(segments: readonly string[]): string[][] {
  return segments.map((_, from) => {
    const keys: string[] = [];
    for (let to = from + 1; to <= segments.length; to++) keys[to] = segments.slice(from, to).join('.');
    return keys;
  });
}

function newNode(index: number): PathNode {
  return {
    index,
    edgeKeys: [],
    edgeNodes: [],
    conditionCount: 0,
    exactConditions: null,
    ignoreCaseConditions: null,
    anyValueConditions: [],
    testedConditions: [],
  };
}
