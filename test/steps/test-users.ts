import type { DeclaredUser } from '../../local/auth/cognito/index.js';
import { LOCAL_USERS } from '../../local/dev/users.js';

/**
 * The product API's seeded users in tests: one of each role (for role tests) and a second partner. A test that
 * needs a customer of its own creates one with `aFreshCustomer()` (test/steps/customer-steps.ts).
 */
/** Loyalty members: each loyalty test has its own, so balances never mix with other tests'. */
export const MEMBERS = Array.from({ length: 20 }, (_, index) => `member${String(index + 1).padStart(2, '0')}`);

export const TEST_USERS: DeclaredUser[] = [
  ...LOCAL_USERS,
  ...MEMBERS.map((username) => ({ username, password: `Member-pass-${username}`, email: `${username}@example.com`, groups: ['customer'] })),
  {
    username: 'globex',
    password: 'Globex-pass-123',
    email: 'partner@globex.example',
    groups: ['partner'],
    attributes: { name: 'Globex Partner', 'custom:issuerId': 'globex' },
  },
];
