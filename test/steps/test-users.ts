import type { DeclaredUser } from '../../local/auth/cognito/index.js';
import { LOCAL_USERS } from '../../local/dev/users.js';

/**
 * The product API's seeded users in tests: one of each role (for role tests) and a second partner. A test that
 * needs a customer of its own creates one with `aFreshCustomer()` (test/steps/customer-steps.ts).
 */
export const TEST_USERS: DeclaredUser[] = [
  ...LOCAL_USERS,
  {
    username: 'globex',
    password: 'Globex-pass-123',
    email: 'partner@globex.example',
    groups: ['partner'],
    attributes: { name: 'Globex Partner', 'custom:issuerId': 'globex' },
  },
];
