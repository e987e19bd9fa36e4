/**
 * `@aws-appsync/utils/rds` and `@aws-appsync/utils/ai`: importable so resolvers load, but every
 * helper raises "not supported" when called (no RDS Data API / Bedrock emulation locally).
 */
import { notSupportedLocally } from './util/not-supported.js';

function stubs(prefix: string, names: string[]): Record<string, () => never> {
  return Object.fromEntries(names.map((name) => [name, notSupportedLocally(`${prefix}.${name}`)]));
}

export const rdsModule = {
  ...stubs('rds', ['select', 'insert', 'update', 'remove', 'createPgStatement', 'createMySQLStatement', 'sql', 'toJsonObject']),
  typeHint: stubs('rds.typeHint', ['DECIMAL', 'JSON', 'TIMESTAMP', 'TIME', 'UUID', 'DATE']),
  agg: stubs('rds.agg', ['max', 'maxDistinct', 'min', 'minDistinct', 'count', 'countDistinct', 'avg', 'avgDistinct', 'sum', 'sumDistinct']),
};

export const aiModule = stubs('ai', ['invokeModel', 'converse']);
