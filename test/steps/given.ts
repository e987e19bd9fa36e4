import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { EngineUnderTest } from '../global-setup.js';

/** "Given" steps: the system and callers a test starts from. */

export function theProductApi(): EngineUnderTest {
  return inject('app');
}

export function theFixtureApi(): EngineUnderTest {
  return inject('fixture');
}

/** Headers of a caller holding the API's API key. */
export function anApiKeyCaller(api: EngineUnderTest): Record<string, string> {
  return { 'x-api-key': api.apiKey };
}

/** A partition key no other test uses, so tests can share one database. */
export function aFreshPartition(prefix = 'p'): string {
  return `${prefix}-${randomUUID()}`;
}
