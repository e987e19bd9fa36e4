/**
 * What the pool's template declares about creating users, and the password policy check Cognito applies to every
 * password a user or an admin sets (declared users are seed data and are not checked).
 */
import { randomInt } from 'node:crypto';
import { CognitoServiceError } from './errors.js';

export interface PasswordPolicy {
  minimumLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
}

export interface UserPoolRules {
  groups: string[];
  /** the Schema's attribute names as the template declares them (custom ones without `custom:`) */
  schemaAttributes: string[];
  /** AdminCreateUserConfig.AllowAdminCreateUserOnly: public SignUp is refused */
  allowAdminCreateUserOnly: boolean;
  /** AutoVerifiedAttributes: SignUp sends a confirmation code to these (the local pool sends email only) */
  autoVerifiedAttributes: string[];
  passwordPolicy: PasswordPolicy;
  /** VerificationMessageTemplate's email; `{####}` stands for the code */
  verificationEmail: { subject: string; message: string };
}

/** A pool whose template says nothing: Cognito's defaults. */
export const DEFAULT_RULES: UserPoolRules = {
  groups: [],
  schemaAttributes: [],
  allowAdminCreateUserOnly: false,
  autoVerifiedAttributes: [],
  passwordPolicy: { minimumLength: 8, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true },
  verificationEmail: { subject: 'Your verification code', message: 'Your verification code is {####}. ' },
};

/** The special characters Cognito counts as symbols (its developer guide's list; a space counts when not at an end). */
const SYMBOLS = '^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ';

/** Throws InvalidPasswordException with Cognito's message for the first rule the password breaks. */
export function checkPassword(password: string, policy: PasswordPolicy): void {
  const fail = (reason: string) => new CognitoServiceError('InvalidPasswordException', `Password did not conform with policy: ${reason}`);
  if (password.length < policy.minimumLength) throw fail('Password not long enough');
  if (policy.requireLowercase && !/[a-z]/.test(password)) throw fail('Password must have lowercase characters');
  if (policy.requireUppercase && !/[A-Z]/.test(password)) throw fail('Password must have uppercase characters');
  if (policy.requireNumbers && !/[0-9]/.test(password)) throw fail('Password must have numeric characters');
  if (policy.requireSymbols && ![...password.trim()].some((c) => SYMBOLS.includes(c))) throw fail('Password must have symbol characters');
  if (password !== password.trim()) {
    throw new CognitoServiceError('InvalidParameterException', 'Password must not start or end with whitespace');
  }
}

/** A temporary password AdminCreateUser makes up when none is given: satisfies the policy, drawn from a CSPRNG. */
export function generatedPassword(policy: PasswordPolicy): string {
  const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)];
  const classes = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '!@#%&*+=?'];
  const chars = classes.map(pick);
  while (chars.length < Math.max(policy.minimumLength, 16)) chars.push(pick(classes[randomInt(classes.length)]));
  return chars.join('');
}
