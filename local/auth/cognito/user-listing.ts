/**
 * ListUsers, as Cognito answers it: IAM-authorised like the Admin* operations, one optional search filter of the form
 * `attribute = "value"` (exact) or `attribute ^= "value"` (prefix) on the attributes Cognito can search, `Limit`
 * (1-60, default 60) and an opaque `PaginationToken`. An empty filter lists everyone. Each user comes back as
 * `{ Username, Attributes, UserCreateDate, UserLastModifiedDate, Enabled, UserStatus }`, its attributes narrowed to
 * `AttributesToGet` when given.
 */
import { CognitoServiceError } from './errors.js';
import type { CognitoOperation } from './idp-operations.js';
import type { LocalUserPool } from './issuer.js';
import { requiredMember, validationError } from './requests.js';
import { userAttributeList, type PoolUser } from './users.js';

const MAX_LIMIT = 60;
/** `name = "value"` or `name ^= "value"`, the name optionally quoted, `\"` escaping a quote inside the value */
const FILTER = /^\s*"?([A-Za-z_:]+)"?\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

/** What each searchable attribute reads on a user; Cognito refuses a filter on anything else (custom ones included). */
const SEARCHABLE: Record<string, (user: PoolUser) => string | undefined> = {
  username: (user) => user.username,
  email: (user) => user.email ?? undefined,
  phone_number: (user) => user.attributes.phone_number,
  name: (user) => user.attributes.name,
  given_name: (user) => user.attributes.given_name,
  family_name: (user) => user.attributes.family_name,
  preferred_username: (user) => user.attributes.preferred_username,
  'cognito:user_status': (user) => user.status,
  // the local pool has no disabled users
  status: () => 'Enabled',
  sub: (user) => user.sub,
};
/** Cognito compares statuses without regard to case; every other attribute exactly. */
const CASE_INSENSITIVE = new Set(['cognito:user_status', 'status']);

export function createUserListingOperations(pool: LocalUserPool): Record<string, CognitoOperation> {
  return {
    async ListUsers(input, request) {
      pool.authorizeAdmin(request, 'ListUsers');
      pool.assertOwnPoolId(requiredMember(input, 'UserPoolId'));
      const matches = matcherOf(input.Filter);
      const limit = limitOf(input.Limit);
      const wanted = Array.isArray(input.AttributesToGet) ? new Set(input.AttributesToGet.map(String)) : null;
      const found = pool.users.all().filter(matches);
      const start = startOf(input.PaginationToken, found);
      const page = found.slice(start, start + limit);
      const next = start + limit < found.length ? tokenAfter(page[page.length - 1]) : undefined;
      return {
        Users: page.map((user) => ({
          Username: user.username,
          Attributes: userAttributeList(user).filter((attribute) => wanted === null || wanted.has(attribute.Name)),
          UserCreateDate: user.createdAt,
          UserLastModifiedDate: user.createdAt,
          Enabled: true,
          UserStatus: user.status,
        })),
        ...(next === undefined ? {} : { PaginationToken: next }),
      };
    },
  };
}

function matcherOf(filter: unknown): (user: PoolUser) => boolean {
  if (filter === undefined || filter === '') return () => true;
  if (typeof filter !== 'string') throw validationError("Value at 'filter' failed to satisfy constraint: Member must be a string");
  const parsed = FILTER.exec(filter);
  if (parsed === null) throw new CognitoServiceError('InvalidParameterException', 'Error while parsing filter.');
  const [, attribute, operator, quoted] = parsed;
  const read = Object.hasOwn(SEARCHABLE, attribute) ? SEARCHABLE[attribute] : undefined;
  if (read === undefined) throw new CognitoServiceError('InvalidParameterException', `Invalid search attribute: ${attribute}`);
  const fold = (value: string) => (CASE_INSENSITIVE.has(attribute) ? value.toLowerCase() : value);
  const wanted = fold(quoted.replace(/\\(.)/g, '$1'));
  return (user) => {
    const value = read(user);
    if (value === undefined) return false;
    return operator === '=' ? fold(value) === wanted : fold(value).startsWith(wanted);
  };
}

function limitOf(limit: unknown): number {
  if (limit === undefined) return MAX_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) {
    throw validationError(
      `Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60`,
    );
  }
  return limit === 0 ? MAX_LIMIT : limit;
}

/** The token names the last user of the previous page, so users added meanwhile neither repeat nor shift the page. */
function tokenAfter(user: PoolUser): string {
  return Buffer.from(JSON.stringify({ after: user.username }), 'utf8').toString('base64url');
}

function startOf(token: unknown, users: PoolUser[]): number {
  if (token === undefined) return 0;
  let after: unknown;
  try {
    after = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')).after;
  } catch {
    after = undefined;
  }
  const index = typeof after === 'string' ? users.findIndex((user) => user.username === after) : -1;
  if (index === -1) throw new CognitoServiceError('InvalidParameterException', 'Invalid pagination token.');
  return index + 1;
}
