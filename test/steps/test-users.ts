import type { DeclaredUser } from '../../local/auth/cognito/index.js';
import { LOCAL_USERS } from '../../local/dev/users.js';

/**
 * The product API's users in tests: the seeded ones, plus shoppers a test can have to itself (failed-attempt
 * windows last 15 minutes, so a test that exhausts one must not share its customer) and a second partner.
 */
export const SHOPPERS = Array.from({ length: 40 }, (_, index) => `shopper${String(index + 1).padStart(2, '0')}`);

/** Customers of the product registration tests (one serial contested by 20 of them, failed-attempt windows). */
export const REGISTRANTS = Array.from({ length: 30 }, (_, index) => `registrant${String(index + 1).padStart(2, '0')}`);

export const TEST_USERS: DeclaredUser[] = [
  ...LOCAL_USERS,
  ...[...SHOPPERS, ...REGISTRANTS].map((username) => ({
    username,
    password: `Shopper-pass-${username}`,
    email: `${username}@example.com`,
    groups: ['customer'],
  })),
  {
    username: 'globex',
    password: 'Globex-pass-123',
    email: 'partner@globex.example',
    groups: ['partner'],
    attributes: { name: 'Globex Partner', 'custom:issuerId': 'globex' },
  },
];
