import type { DeclaredUser } from '../local/auth/cognito/index.js';
import { LOCAL_USERS } from '../local/dev/users.js';

/** The product engine's users in the redemption benchmark: the seeded ones (the admin issues) and 50 customers. */
export const BENCH_CUSTOMERS = Array.from({ length: 50 }, (_, index) => `bench-customer-${String(index + 1).padStart(2, '0')}`);

export const BENCH_USERS: DeclaredUser[] = [
  ...LOCAL_USERS,
  ...BENCH_CUSTOMERS.map((username) => ({
    username,
    password: `Bench-pass-${username}`,
    email: `${username}@example.com`,
    groups: ['customer'],
  })),
];

export const passwordOf = (username: string): string => BENCH_USERS.find((user) => user.username === username)!.password;
