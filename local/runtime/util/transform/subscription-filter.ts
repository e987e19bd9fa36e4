/**
 * util.transform.toSubscriptionFilter: a filter object → {filterGroup:[{filters:[...]}]} in
 * disjunctive normal form. Each operator of a field, each member of an `or`, and each rule is an
 * alternative, so groups multiply out (key order decides group order, earlier keys vary slowest).
 * Operators are carried through as written (both lte/gte and le/ge), nothing is validated.
 */
export interface SubscriptionFilterEntry {
  fieldName: string;
  operator: string;
  value: unknown;
}
type Group = SubscriptionFilterEntry[];

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function crossProduct(groups: Group[], alternatives: Group[]): Group[] {
  return groups.flatMap((group) => alternatives.map((alternative) => [...group, ...alternative]));
}

function fieldAlternatives(fieldName: string, operators: unknown): Group[] {
  // a bare value is read as equality, the only sensible meaning of { field: value }
  if (!isPlainObject(operators)) return [[{ fieldName, operator: 'eq', value: operators }]];
  return Object.entries(operators)
    .filter(([, value]) => value !== undefined)
    .map(([operator, value]) => [{ fieldName, operator, value }]);
}

function alternativesOf(filter: Record<string, unknown>, ignored: Set<string>): Group[] {
  let groups: Group[] = [[]];
  for (const [key, member] of Object.entries(filter)) {
    if (member === undefined || ignored.has(key)) continue;
    if (key === 'and' && Array.isArray(member)) {
      for (const part of member) if (isPlainObject(part)) groups = crossProduct(groups, alternativesOf(part, ignored));
    } else if (key === 'or' && Array.isArray(member)) {
      groups = crossProduct(
        groups,
        member.filter(isPlainObject).flatMap((part) => alternativesOf(part, ignored)),
      );
    } else groups = crossProduct(groups, fieldAlternatives(key, member));
  }
  return groups;
}

export function toSubscriptionFilter(
  filter: unknown,
  ignoredFields?: unknown,
  rules?: unknown,
): { filterGroup: Array<{ filters: Group }> } | null {
  if (!isPlainObject(filter)) return null;
  const ignored = new Set(Array.isArray(ignoredFields) ? ignoredFields.map(String) : []);
  let groups = alternativesOf(filter, ignored);
  if (isPlainObject(rules)) {
    const ruleAlternatives = Object.entries(rules).flatMap(([fieldName, operators]) => fieldAlternatives(fieldName, operators));
    // at least one rule must hold: every rule becomes its own copy of each group
    if (ruleAlternatives.length > 0) groups = crossProduct(groups, ruleAlternatives);
  }
  return { filterGroup: groups.filter((g) => g.length > 0).map((filters) => ({ filters })) };
}
