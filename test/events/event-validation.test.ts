import { describe, expect, it } from 'vitest';
import { EventBridgeValidationError, validateEventForTest } from '../../local/common/event-pattern/index.js';

const envelope = { id: '1', account: '123456789012', source: 's', time: 't', region: 'r', 'detail-type': 'd' };

describe('validateEventForTest', () => {
  it('returns the parsed event when the envelope is complete', () => {
    expect(validateEventForTest(JSON.stringify(envelope))).toEqual(envelope);
  });

  it.each([
    ['not JSON', 'plain string'],
    ['a JSON array', '[]'],
    ['JSON null', 'null'],
    ['missing id', JSON.stringify({ ...envelope, id: undefined })],
    ['missing detail-type', JSON.stringify({ ...envelope, 'detail-type': undefined })],
  ])('rejects %s with ValidationException', (_, text) => {
    expect(() => validateEventForTest(text)).toThrow(EventBridgeValidationError);
    expect(() => validateEventForTest(text)).toThrow('Parameter Event is not valid.');
  });
});
