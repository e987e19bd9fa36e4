/** The `extensions` global: subscription filters, invalidation and cache eviction recorded on the scope. */
import { currentScope } from './scope.js';
import { UtilUsageError } from './signals.js';

/** AppSync accepts at most 5 unique invalidateSubscriptions calls per request. */
const MAX_UNIQUE_INVALIDATIONS = 5;

export const extensions = {
  setSubscriptionFilter(filter: unknown): void {
    currentScope().subscriptionFilter = filter;
  },
  setSubscriptionInvalidationFilter(filter: unknown): void {
    currentScope().subscriptionInvalidationFilter = filter;
  },
  invalidateSubscriptions(invalidation: { subscriptionField: string; payload: unknown }): void {
    const scope = currentScope();
    const entry = { subscriptionField: String(invalidation?.subscriptionField), payload: invalidation?.payload ?? {} };
    const key = JSON.stringify(entry);
    if (scope.invalidations.some((existing) => JSON.stringify(existing) === key)) return;
    if (scope.invalidations.length >= MAX_UNIQUE_INVALIDATIONS) {
      throw new UtilUsageError(`extensions.invalidateSubscriptions can be called at most ${MAX_UNIQUE_INVALIDATIONS} times per request`);
    }
    scope.invalidations.push(entry);
  },
  evictFromApiCache(typeName: string, fieldName: string, keys: Record<string, unknown>): void {
    currentScope().cacheEvictions.push({ typeName: String(typeName), fieldName: String(fieldName), keys: { ...keys } });
  },
};
