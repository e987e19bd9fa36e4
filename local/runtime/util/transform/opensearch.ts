/**
 * util.transform.toElasticsearchQueryDSL: filter object → OpenSearch bool query (JSON string).
 * Members are ANDed (bool.must); a field with several operators becomes its own bool.must.
 */
import { UtilUsageError } from '../../signals.js';

type Clause = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const SIMPLE_QUERIES: Record<string, string> = {
  eq: 'term',
  match: 'match',
  matchPhrase: 'match_phrase',
  matchPhrasePrefix: 'match_phrase_prefix',
  wildcard: 'wildcard',
  regexp: 'regexp',
};

function operatorClause(field: string, op: string, value: unknown): Clause {
  if (Object.hasOwn(SIMPLE_QUERIES, op)) return { [SIMPLE_QUERIES[op]]: { [field]: value } };
  switch (op) {
    case 'ne':
      return { bool: { must_not: { term: { [field]: value } } } };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { range: { [field]: { [op]: value } } };
    case 'range':
      if (!Array.isArray(value) || value.length !== 2) throw new UtilUsageError(`range expects [from, to] for ${field}`);
      return { range: { [field]: { gte: value[0], lte: value[1] } } };
    case 'multiMatch':
      return { multi_match: { query: value, fields: [field] } };
    case 'exists':
      return value ? { exists: { field } } : { bool: { must_not: { exists: { field } } } };
    default:
      throw new UtilUsageError(`Unsupported OpenSearch operator '${op}' on ${field}`);
  }
}

function clausesOf(filter: unknown): Clause[] {
  if (!isPlainObject(filter)) throw new UtilUsageError('toElasticsearchQueryDSL expects an object');
  const clauses: Clause[] = [];
  for (const [key, member] of Object.entries(filter)) {
    if (member === undefined) continue;
    if (key === 'and' || key === 'or') {
      const members = (Array.isArray(member) ? member : [member]).map(queryOf);
      clauses.push({ bool: { [key === 'and' ? 'must' : 'should']: members } });
    } else if (key === 'not') clauses.push({ bool: { must_not: queryOf(member) } });
    else {
      if (!isPlainObject(member)) throw new UtilUsageError(`Operators expected for field ${key}`);
      const fieldClauses = Object.entries(member).map(([op, value]) => operatorClause(key, op, value));
      clauses.push(fieldClauses.length === 1 ? fieldClauses[0] : { bool: { must: fieldClauses } });
    }
  }
  return clauses;
}

function queryOf(filter: unknown): Clause {
  return { bool: { must: clausesOf(filter) } };
}

export function toElasticsearchQueryDSL(filter: unknown): string {
  return JSON.stringify(queryOf(filter));
}
