import { describe, expect, it } from 'vitest';
import { compileEventPattern, compileRuleSet } from '../../local/common/event-pattern/index.js';

describe('compileRuleSet', () => {
  it('returns the indexes of every matching pattern, sharing conditions across rules', () => {
    const reused = compileEventPattern({ detail: { tier: [{ 'anything-but': 'gold' }] } });
    const ruleSet = compileRuleSet([
      { source: ['loyalty.points'] },
      '{"source": ["loyalty.points"], "detail-type": ["PointsWereAdded"]}',
      { source: [{ prefix: 'loyalty.' }], detail: { amount: [{ numeric: ['>', 100] }] } },
      reused,
      { source: ['other'] },
    ]);
    const event = { source: 'loyalty.points', 'detail-type': 'PointsWereAdded', detail: { amount: 150, tier: 'silver' } };
    expect(ruleSet.matchingIndexes(event)).toEqual([0, 1, 2, 3]);
    expect(ruleSet.matchingIndexes({ source: 'other' })).toEqual([4]);
    expect(ruleSet.patterns[3]).toBe(reused);
  });

  it('gives each rule the same answer as matching it alone', () => {
    const patterns = [{ a: { x: ['1'], y: ['2'] } }, { a: { x: ['1'] } }, { $or: [{ a: { y: ['2'] } }, { b: [{ exists: false }] }] }];
    const events = [{ a: [{ x: '1' }, { y: '2' }] }, { a: { x: '1', y: '2' }, b: 1 }, { b: 1 }];
    const ruleSet = compileRuleSet(patterns);
    for (const event of events) {
      const alone = patterns.flatMap((pattern, index) => (compileEventPattern(pattern).matches(event) ? [index] : []));
      expect(ruleSet.matchingIndexes(event)).toEqual(alone);
    }
  });
});
