import type { DeclaredUser } from '../auth/cognito/index.js';

/**
 * The people of the local user pool: real AWS pools get their users by sign-up and admin invitation, the local
 * one is seeded with one of each role so every path can be tried at once. Local-only passwords.
 */
export const LOCAL_USERS: DeclaredUser[] = [
  {
    username: 'customer',
    password: 'Customer-pass-1',
    email: 'ada@example.com',
    groups: ['customer'],
    attributes: { name: 'Ada Customer' },
  },
  {
    username: 'customer2',
    password: 'Customer-pass-2',
    email: 'grace@example.com',
    groups: ['customer'],
    attributes: { name: 'Grace Customer' },
  },
  { username: 'admin', password: 'Admin-pass-123', email: 'admin@example.com', groups: ['admin'], attributes: { name: 'Alan Admin' } },
  {
    username: 'partner',
    password: 'Partner-pass-1',
    email: 'partner@acme.example',
    groups: ['partner'],
    attributes: { name: 'Acme Partner', 'custom:issuerId': 'acme' },
  },
];
