import { describe, expect, it } from 'vitest';
import { expectInvalid, matches } from './pattern-test-helpers.js';

const wildcard = (value: string) => ({ key: [{ wildcard: value }] });

describe('wildcard', () => {
  it('matches zero or more characters per star', () => {
    expect(matches(wildcard('dir/*.png'), { key: 'dir/.png' })).toBe(true);
    expect(matches(wildcard('dir/*.png'), { key: 'dir/a/b.png' })).toBe(true);
    expect(matches(wildcard('*'), { key: '' })).toBe(true);
    expect(matches(wildcard('a*a'), { key: 'a' })).toBe(false);
    expect(matches(wildcard('a*b*c'), { key: 'abxbc' })).toBe(true);
    expect(matches(wildcard('a*b*c'), { key: 'acb' })).toBe(false);
  });

  it('treats \\* as a literal star and \\\\ as a literal backslash', () => {
    expect(matches(wildcard('a\\*b'), { key: 'a*b' })).toBe(true);
    expect(matches(wildcard('a\\*b'), { key: 'axb' })).toBe(false);
    expect(matches(wildcard('c:\\\\*'), { key: 'c:\\dir' })).toBe(true);
    expect(matches(wildcard('\\**'), { key: '*anything' })).toBe(true);
  });

  it('rejects other escapes, reporting the UTF-8 offset inside the quoted value', () => {
    expectInvalid(wildcard('a\\b'), 'Invalid escape character at pos 2');
    expectInvalid(wildcard('é\\x'), 'Invalid escape character at pos 3');
    expectInvalid(wildcard('trailing\\'), 'Invalid escape character at pos 9');
    expectInvalid(wildcard('a**'), 'Consecutive wildcard characters at pos 2');
  });

  it('only matches strings', () => {
    expect(matches(wildcard('*'), { key: 5 })).toBe(false);
    expect(matches(wildcard('*'), { key: null })).toBe(false);
  });

  it('limits the combined complexity of the wildcards of one field', () => {
    const complex =
      'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';
    const files = (...names: string[]) => ({ key: names.map((name) => ({ wildcard: name })) });
    expect(() => matches(files('*.bif', '*.tiff', '*.tif', '*.svs'), {})).not.toThrow();
    expect(() => matches(files('*/datasync/*.bif', '*/datasync/*.tif'), {})).not.toThrow();
    expectInvalid(files('*/datasync/*.bif', '*/datasync/*.tif', '*/datasync/*.tiff', '*/datasync/*.svs'), complex);
    // Like event-ruler's evaluator, only plain wildcards count.
    expect(() => matches({ key: [{ 'anything-but': { wildcard: '*:*:*:*:*:event-bus/*' } }] }, {})).not.toThrow();
    // Separate fields are separate machines.
    expect(() => matches({ a: [{ wildcard: '*:*:*:*:x' }], b: [{ wildcard: '*:*:*:*:x' }] }, {})).not.toThrow();
  });
});
