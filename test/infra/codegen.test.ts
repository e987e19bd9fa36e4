import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('codegen', () => {
  it('generated resolver and client types are up to date with the schema and the operations', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'codegen-'));
    const config = readFileSync(path.join(root, 'codegen.yml'), 'utf8')
      .replace('resolvers/generated/schema-types.ts:', `${out}/schema-types.ts:`)
      .replace('web/src/generated/operations.ts:', `${out}/operations.ts:`);
    writeFileSync(path.join(out, 'codegen.yml'), config);
    execFileSync(path.join(root, 'node_modules/.bin/graphql-codegen'), ['--config', path.join(out, 'codegen.yml')], {
      cwd: root,
      stdio: 'pipe',
    });
    expect(readFileSync(path.join(out, 'schema-types.ts'), 'utf8')).toBe(
      readFileSync(path.join(root, 'resolvers/generated/schema-types.ts'), 'utf8'),
    );
    expect(readFileSync(path.join(out, 'operations.ts'), 'utf8')).toBe(
      readFileSync(path.join(root, 'web/src/generated/operations.ts'), 'utf8'),
    );
  }, 60_000);
});
