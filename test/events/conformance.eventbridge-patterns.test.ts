import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compileEventPattern, EventBridgeError, validateEventForTest } from '../../local/common/event-pattern/index.js';

/**
 * Drives all AWS-validated cases of test/conformance/eventbridge-patterns (see its README): 155 templates
 * sent through TestEventPattern, 13 raw TestEventPattern cases and 8 PutEvents delivery cases.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = path.resolve(repoRoot, 'test/conformance/eventbridge-patterns');

interface ConformanceCase {
  name: string;
  format: 'template' | 'raw';
  api: 'TestEventPattern' | 'PutEvents';
  expect: 'match' | 'no-match' | 'invalid' | 'invalid-event';
  errorCode: string | null;
  errorMessage: string | null;
  eventWire?: string;
  patternWire?: string;
  eventFile?: string;
  patternFile?: string;
}

/** Cases we knowingly answer differently from AWS, each with the reason. Asserted to still differ. */
const knownDifferences: ReadonlyMap<string, string> = new Map();

type Outcome = { kind: 'match' | 'no-match' } | { kind: 'invalid' | 'invalid-event'; code: string; message: string };

/** The exact text AWS received: wire text for templates (keeps `300.0`), file content for raw cases. */
function wireTexts(testCase: ConformanceCase): { eventText: string; patternText: string } {
  if (testCase.format === 'template') return { eventText: testCase.eventWire!, patternText: testCase.patternWire! };
  return {
    eventText: readFileSync(path.join(corpusDir, testCase.eventFile!), 'utf8'),
    patternText: readFileSync(path.join(corpusDir, testCase.patternFile!), 'utf8'),
  };
}

function run(testCase: ConformanceCase): Outcome {
  const { eventText, patternText } = wireTexts(testCase);
  let event: object;
  try {
    // PutEvents cases hold the envelope AWS delivered; TestEventPattern validates its Event parameter.
    event = testCase.api === 'PutEvents' ? JSON.parse(eventText) : validateEventForTest(eventText);
  } catch (error) {
    return rejection('invalid-event', error);
  }
  try {
    return { kind: compileEventPattern(patternText).matches(event) ? 'match' : 'no-match' };
  } catch (error) {
    return rejection('invalid', error);
  }
}

function rejection(kind: 'invalid' | 'invalid-event', error: unknown): Outcome {
  if (!(error instanceof EventBridgeError)) throw error;
  return { kind, code: error.code, message: error.message };
}

function expected(testCase: ConformanceCase): Outcome {
  if (testCase.expect === 'match' || testCase.expect === 'no-match') return { kind: testCase.expect };
  return { kind: testCase.expect, code: testCase.errorCode!, message: testCase.errorMessage! };
}

const cases: ConformanceCase[] = JSON.parse(readFileSync(path.join(corpusDir, 'cases.json'), 'utf8'));
let passed = 0;

describe('EventBridge pattern conformance (AWS-validated corpus)', () => {
  it('has all 176 cases', () => {
    expect(cases).toHaveLength(176);
  });

  it.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', (name, testCase) => {
    const outcome = run(testCase);
    const knownDifference = knownDifferences.get(name);
    if (knownDifference !== undefined) {
      expect(outcome, `known difference no longer differs: ${knownDifference}`).not.toEqual(expected(testCase));
      return;
    }
    expect(outcome).toEqual(expected(testCase));
    passed++;
  });

  afterAll(() => {
    console.log(`eventbridge-patterns conformance: ${passed}/${cases.length} passed`);
  });
});
