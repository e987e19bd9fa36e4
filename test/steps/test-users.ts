import type { DeclaredUser } from '../../local/auth/cognito/index.js';
import { LOCAL_USERS } from '../../local/dev/users.js';

/**
 * The product API's users in tests: the seeded ones, plus shoppers a test can have to itself (failed-attempt
 * windows last 15 minutes, so a test that exhausts one must not share its customer) and a second partner.
 */
export const SHOPPERS = Array.from({ length: 40 }, (_, index) => `shopper${String(index + 1).padStart(2, '0')}`);

/** Loyalty members: each loyalty test has its own, so balances never mix with other tests'. */
export const MEMBERS = Array.from({ length: 20 }, (_, index) => `member${String(index + 1).padStart(2, '0')}`);

export const TEST_USERS: DeclaredUser[] = [
  ...LOCAL_USERS,
  ...MEMBERS.map((username) => ({ username, password: `Member-pass-${username}`, email: `${username}@example.com`, groups: ['customer'] })),
  ...SHOPPERS.map((username) => ({
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
