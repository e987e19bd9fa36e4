import { describe, expect, it } from 'vitest';
import { expectInvalid, matches } from './pattern-test-helpers.js';

describe('$or', () => {
  it('ANDs with sibling fields', () => {
    const pattern = { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPU'] }, { namespace: ['AWS/EC2'] }] };
    expect(matches(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/EC2' })).toBe(true);
    expect(matches(pattern, { source: 'other', namespace: 'AWS/EC2' })).toBe(false);
    expect(matches(pattern, { source: 'aws.cloudwatch' })).toBe(false);
  });

  it('supports parallel $or at different levels', () => {
    const pattern = {
      $or: [{ metricName: ['CPU'] }, { namespace: ['AWS/EC2'] }],
      detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['Alarm'] }] },
    };
    expect(matches(pattern, { metricName: 'CPU', detail: { 'detail-type': 'Alarm' } })).toBe(true);
    expect(matches(pattern, { metricName: 'CPU', detail: {} })).toBe(false);
  });

  it('supports nested $or inside a branch', () => {
    const pattern = {
      $or: [{ metricName: ['CPU'] }, { namespace: ['AWS/EC2'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] }],
    };
    expect(matches(pattern, { namespace: 'AWS/EC2', spaceId: 1000 })).toBe(true);
    expect(matches(pattern, { namespace: 'AWS/EC2' })).toBe(false);
  });

  it('is an ordinary field name when its value is not an array', () => {
    const pattern = { $or: { metricType: ['MetricType'] } };
    expect(matches(pattern, { $or: { metricType: 'MetricType' } })).toBe(true);
    expect(matches(pattern, { metricType: 'MetricType' })).toBe(false);
  });

  it('is an ordinary field name when a branch uses an operator name as a field', () => {
    const pattern = { $or: [{ prefix: 'a' }, { suffix: 'z' }] };
    expect(matches(pattern, { $or: 'abc' })).toBe(true);
    expect(matches(pattern, { $or: 'xyz' })).toBe(true);
    expect(matches(pattern, { $or: 'mmm' })).toBe(false);
  });

  it('needs at least two object branches', () => {
    expectInvalid({ $or: [{ a: ['x'] }] }, 'There must have at least 2 Objects in $or relationship.');
    expectInvalid({ $or: [{ a: ['x'] }, ['b']] }, 'Only JSON object is allowed in array of $or relationship.');
    expectInvalid({ $or: [{ a: ['x'] }, {}] }, 'Empty objects are not allowed');
  });
});
