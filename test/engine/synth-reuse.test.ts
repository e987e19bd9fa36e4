import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../local/synth.js';

describe('npm start reuses cdk.out only while nothing the CDK app reads has changed', () => {
  let dir: string;
  const inputs = ['infra', 'resolvers', 'cdk.json'];
  const project = () => {
    dir = mkdtempSync(path.join(tmpdir(), 'synth-reuse-'));
    mkdirSync(path.join(dir, 'infra'));
    mkdirSync(path.join(dir, 'resolvers/lib'), { recursive: true });
    writeFileSync(path.join(dir, 'infra/app.ts'), 'new App();');
    writeFileSync(path.join(dir, 'resolvers/lib/helpers.ts'), 'export const x = 1;');
    writeFileSync(path.join(dir, 'cdk.json'), '{}');
    return dir;
  };
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same fingerprint for the same files, app and context', () => {
    const base = project();
    const options = { inputs, context: { crmApiUrl: 'http://127.0.0.1:4010/crm' } };
    expect(fingerprintOf(options, base)).toBe(fingerprintOf({ ...options }, base));
  });

  it('changes when a nested file changes, a file is added, or the context or app differ', () => {
    const base = project();
    const options = { inputs, context: { crmApiUrl: 'http://127.0.0.1:4010/crm' } };
    const seen = new Set([fingerprintOf(options, base)]);
    writeFileSync(path.join(base, 'resolvers/lib/helpers.ts'), 'export const x = 2;');
    seen.add(fingerprintOf(options, base));
    writeFileSync(path.join(base, 'infra/extra.ts'), '');
    seen.add(fingerprintOf(options, base));
    seen.add(fingerprintOf({ ...options, context: { crmApiUrl: 'http://127.0.0.1:4011/crm' } }, base));
    seen.add(fingerprintOf({ ...options, app: 'node other-app.js' }, base));
    expect(seen.size).toBe(5);
  });

  it('tells a file apart from the same bytes under another name', () => {
    const base = project();
    const before = fingerprintOf({ inputs }, base);
    rmSync(path.join(base, 'infra/app.ts'));
    writeFileSync(path.join(base, 'infra/stack.ts'), 'new App();');
    expect(fingerprintOf({ inputs }, base)).not.toBe(before);
  });
});
