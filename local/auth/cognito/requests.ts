/** Reading AWS JSON 1.1 request members the way Cognito validates them, with its error types and wording. */
import { CognitoServiceError } from './errors.js';

export function validationError(detail: string): CognitoServiceError {
  return new CognitoServiceError('InvalidParameterException', `1 validation error detected: ${detail}`);
}

/** A top-level request member; AWS reports missing ones with the member name in camelCase. */
export function requiredMember(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  if (typeof value === 'string' && value !== '') return value;
  const member = name[0].toLowerCase() + name.slice(1);
  throw validationError(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
}

export function requiredParameter(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw new CognitoServiceError('InvalidParameterException', `Missing required parameter ${name}`);
  return value;
}

/** AuthParameters / ChallengeResponses: a string map; anything else in it is ignored rather than trusted. */
export function stringMap(value: unknown): Record<string, string> {
  const map: Record<string, string> = Object.create(null);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return map;
  for (const [key, item] of Object.entries(value)) if (typeof item === 'string') map[key] = item;
  return map;
}

/** UserAttributes: `[{ Name, Value }]`, as a map; a malformed entry or a repeated name is refused, not guessed at. */
export function attributeMap(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!Array.isArray(value)) throw validationError("Value at 'userAttributes' failed to satisfy constraint: Member must be a list");
  const map: Record<string, string> = Object.create(null);
  for (const entry of value as Array<{ Name?: unknown; Value?: unknown }>) {
    if (typeof entry?.Name !== 'string' || typeof entry.Value !== 'string') {
      throw validationError("Value at 'userAttributes' failed to satisfy constraint: Member must have Name and Value strings");
    }
    if (entry.Name in map) throw new CognitoServiceError('InvalidParameterException', `Duplicate attribute ${entry.Name}`);
    map[entry.Name] = entry.Value;
  }
  return map;
}
