import { describe, expect, it } from 'vitest';
import { resolveSecretReferences } from '../../local/assembly/secret-references.js';

const secrets = { 'app/maker': JSON.stringify({ apiKey: 'k-123' }), plain: 'just-text' };

describe('Secrets Manager dynamic references, resolved from the local secrets', () => {
  it('picks the named JSON key of the secret CloudFormation would read', () => {
    expect(resolveSecretReferences('{{resolve:secretsmanager:app/maker:SecretString:apiKey::}}', secrets)).toBe('k-123');
  });

  it('takes the whole secret string when no key is named, and a secret ARN by its name', () => {
    expect(resolveSecretReferences('{{resolve:secretsmanager:plain}}', secrets)).toBe('just-text');
    expect(
      resolveSecretReferences(
        '{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:000000000000:secret:plain:SecretString:::}}',
        secrets,
      ),
    ).toBe('just-text');
  });

  it('leaves plain values alone', () => {
    expect(resolveSecretReferences('a plain key', secrets)).toBe('a plain key');
  });

  it('names what is missing: an unknown secret or key fails the call', () => {
    expect(() => resolveSecretReferences('{{resolve:secretsmanager:nope:SecretString:apiKey::}}', secrets)).toThrow(/Secret nope/);
    expect(() => resolveSecretReferences('{{resolve:secretsmanager:app/maker:SecretString:other::}}', secrets)).toThrow(
      /no string key other/,
    );
  });
});
