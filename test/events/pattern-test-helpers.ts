import { expect } from 'vitest';
import { compileEventPattern, InvalidEventPatternError } from '../../local/common/event-pattern/index.js';

/** Compiles the pattern and matches one event. */
export function matches(pattern: string | object, event: object): boolean {
  return compileEventPattern(pattern).matches(event);
}

/** Asserts the pattern is rejected with AWS's reason. */
export function expectInvalid(pattern: string | object, reason: string): void {
  let thrown: unknown;
  try {
    compileEventPattern(pattern);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidEventPatternError);
  expect((thrown as InvalidEventPatternError).code).toBe('InvalidEventPatternException');
  expect((thrown as Error).message).toBe(`Event pattern is not valid. Reason: ${reason}`);
}
