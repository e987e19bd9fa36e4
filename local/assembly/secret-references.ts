/** `{{resolve:secretsmanager:<name or ARN>[:SecretString[:<json key>[:<stage>[:<version id>]]]]}}`, as CloudFormation reads it. */
const SECRET_REFERENCE = /\{\{resolve:secretsmanager:([^}]+)\}\}/g;

/**
 * Replaces Secrets Manager dynamic references in a template value with the local secrets' values (secret name →
 * SecretString), picking the JSON key when one is named. An unknown secret or key throws, naming it, so a
 * connection whose secret was never set up fails its calls with a message that says what to add.
 */
export function resolveSecretReferences(value: string, secrets: Record<string, string>): string {
  return value.replace(SECRET_REFERENCE, (_reference, inside: string) => {
    const parts = inside.split(':');
    // an ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) takes seven parts; a name, one
    const idParts = parts[0] === 'arn' ? 7 : 1;
    const name = parts[idParts - 1];
    const jsonKey = parts[idParts + 1];
    const secret = secrets[name];
    if (secret === undefined) throw new Error(`Secret ${name} is not among the local secrets (startEngine's secrets option)`);
    if (!jsonKey) return secret;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(secret);
    } catch {
      throw new Error(`Secret ${name} is not JSON, so it has no key ${jsonKey}`);
    }
    if (typeof parsed[jsonKey] !== 'string') throw new Error(`Secret ${name} has no string key ${jsonKey}`);
    return parsed[jsonKey];
  });
}
