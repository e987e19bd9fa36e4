/**
 * Creating users, as Cognito's Identity Provider API does it, within what the pool's template allows:
 * - public SignUp (refused when AllowAdminCreateUserOnly) makes an UNCONFIRMED user and, for auto-verified email,
 *   "sends" a code (kept in the pool's sent emails, which the engine shows locally) that ConfirmSignUp takes;
 * - AdminCreateUser / AdminSetUserPassword / AdminAddUserToGroup / AdminConfirmSignUp are IAM-authorised: the request
 *   must carry a SigV4 signature the engine accepts (the local developer's credentials), checked before anything else.
 * Every password goes through the pool's password policy. No pre-sign-up trigger exists, so nothing auto-confirms.
 */
import { randomInt } from 'node:crypto';
import { CognitoServiceError } from './errors.js';
import type { CognitoOperation, IdpRequest } from './idp-operations.js';
import type { LocalUserPool } from './issuer.js';
import { checkPassword, generatedPassword } from './policy.js';
import { attributeMap, requiredMember, validationError } from './requests.js';
import { isSchemaAttribute, newPoolUser, setPassword, userAttributeList, type PoolUser, type UserStatus } from './users.js';

/** Cognito's sign-up codes are valid for 24 hours. */
const CODE_LIFETIME_SECONDS = 24 * 3600;
const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+$/;

export function createUserManagementOperations(pool: LocalUserPool): Record<string, CognitoOperation> {
  /** The Admin* preamble: IAM first (an unsigned caller learns nothing), then the pool id and the user. */
  function adminRequest(request: IdpRequest, operation: string, input: Record<string, unknown>): void {
    pool.authorizeAdmin(request, operation);
    pool.assertOwnPoolId(requiredMember(input, 'UserPoolId'));
  }

  function existingUser(input: Record<string, unknown>): PoolUser {
    const user = pool.users.findByUsername(requiredMember(input, 'Username'));
    if (user === undefined) throw new CognitoServiceError('UserNotFoundException', 'User does not exist.');
    return user;
  }

  /** A new user's username and attributes, checked against the pool's schema; `email` is kept apart from the rest. */
  function newUserFields(input: Record<string, unknown>, verifiedFlagAllowed: boolean) {
    const username = requiredMember(input, 'Username');
    // The pool signs in with `signInAliases: { email, username }`, so an email-shaped username would shadow an alias.
    if (EMAIL_SHAPE.test(username)) {
      throw new CognitoServiceError(
        'InvalidParameterException',
        'Username cannot be of email format, since user pool is configured for email alias.',
      );
    }
    const { email, email_verified: verifiedFlag, ...attributes } = attributeMap(input.UserAttributes);
    if (verifiedFlag !== undefined && !verifiedFlagAllowed) {
      throw new CognitoServiceError('NotAuthorizedException', 'A client attempted to write unauthorized attribute');
    }
    for (const name of Object.keys(attributes)) {
      if (!isSchemaAttribute(name, pool.rules.schemaAttributes)) {
        throw new CognitoServiceError(
          'InvalidParameterException',
          `Attributes did not conform to the schema: ${name}: Attribute does not exist in the schema.`,
        );
      }
    }
    if (email !== undefined && !EMAIL_SHAPE.test(email))
      throw new CognitoServiceError('InvalidParameterException', 'Invalid email address format.');
    return { username, email: email ?? null, emailVerified: verifiedFlag === 'true', attributes };
  }

  function assertUsernameFree(username: string, message: string): void {
    if (pool.users.findByUsername(username) !== undefined) throw new CognitoServiceError('UsernameExistsException', message);
  }

  /** A verified email is a sign-in alias, so it may belong to one user only. */
  function assertAliasFree(user: { username: string; email: string | null }, message: string): void {
    const holder = user.email === null ? undefined : pool.users.findByVerifiedEmail(user.email);
    if (holder !== undefined && holder.username !== user.username) throw new CognitoServiceError('AliasExistsException', message);
  }

  function confirm(user: PoolUser, verifyEmail: boolean): void {
    if (verifyEmail && user.email !== null) {
      assertAliasFree(user, 'An account with the email already exists.');
      user.emailVerified = true;
    }
    user.status = 'CONFIRMED';
    user.confirmationCode = null;
    pool.users.update(user);
  }

  function assertUnconfirmed(user: PoolUser): void {
    if (user.status !== 'UNCONFIRMED') {
      throw new CognitoServiceError('NotAuthorizedException', `User cannot be confirmed. Current status is ${user.status}`);
    }
  }

  return {
    async SignUp(input) {
      pool.assertKnownClient(requiredMember(input, 'ClientId'));
      if (pool.rules.allowAdminCreateUserOnly)
        throw new CognitoServiceError('NotAuthorizedException', 'SignUp is not permitted for this user pool');
      const fields = newUserFields(input, false);
      const password = requiredMember(input, 'Password');
      assertUsernameFree(fields.username, 'User already exists');
      checkPassword(password, pool.rules.passwordPolicy);
      const user = await newPoolUser(
        pool.poolName,
        { ...fields, password, emailVerified: false, status: 'UNCONFIRMED' },
        pool.nowSeconds(),
      );
      const delivery = user.email !== null && pool.rules.autoVerifiedAttributes.includes('email');
      if (delivery) {
        const code = String(randomInt(1_000_000)).padStart(6, '0');
        user.confirmationCode = { code, expiresAt: pool.nowSeconds() + CODE_LIFETIME_SECONDS };
        const { subject, message } = pool.rules.verificationEmail;
        pool.sendEmail(user.email!, subject, message.replaceAll('{####}', code).replaceAll('{username}', user.username));
      }
      pool.users.add(user);
      return {
        UserConfirmed: false,
        UserSub: user.sub,
        ...(delivery ? { CodeDeliveryDetails: { Destination: masked(user.email!), DeliveryMedium: 'EMAIL', AttributeName: 'email' } } : {}),
      };
    },

    async ConfirmSignUp(input) {
      pool.assertKnownClient(requiredMember(input, 'ClientId'));
      const code = requiredMember(input, 'ConfirmationCode');
      const user = pool.users.findByUsername(requiredMember(input, 'Username'));
      if (user === undefined) throw new CognitoServiceError('UserNotFoundException', 'Username/client id combination not found.');
      assertUnconfirmed(user);
      const sent = user.confirmationCode;
      if (sent === null || sent.code !== code) {
        throw new CognitoServiceError('CodeMismatchException', 'Invalid verification code provided, please try again.');
      }
      if (sent.expiresAt <= pool.nowSeconds())
        throw new CognitoServiceError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
      confirm(user, true);
      return {};
    },

    async AdminConfirmSignUp(input, request) {
      adminRequest(request, 'AdminConfirmSignUp', input);
      const user = existingUser(input);
      assertUnconfirmed(user);
      // An admin confirms the account, not the email: email_verified stays as it was.
      confirm(user, false);
      return {};
    },

    async AdminCreateUser(input, request) {
      adminRequest(request, 'AdminCreateUser', input);
      const fields = newUserFields(input, true);
      const action = input.MessageAction;
      if (action !== undefined && action !== 'SUPPRESS') {
        throw new CognitoServiceError(
          'InvalidParameterException',
          `MessageAction ${String(action)} is not supported by the local user pool`,
        );
      }
      assertUsernameFree(fields.username, 'User account already exists');
      assertAliasFree(fields, 'An account with the given email already exists.');
      const given = input.TemporaryPassword;
      if (given !== undefined && typeof given !== 'string')
        throw validationError("Value at 'temporaryPassword' failed to satisfy constraint: Member must be a string");
      const password = given ?? generatedPassword(pool.rules.passwordPolicy);
      checkPassword(password, pool.rules.passwordPolicy);
      const status: UserStatus = 'FORCE_CHANGE_PASSWORD';
      const user = await newPoolUser(pool.poolName, { ...fields, password, status }, pool.nowSeconds());
      const mediums = Array.isArray(input.DesiredDeliveryMediums) ? input.DesiredDeliveryMediums : [];
      if (action !== 'SUPPRESS' && mediums.includes('EMAIL') && user.email !== null) {
        pool.sendEmail(user.email, 'Your temporary password', `Your username is ${user.username} and temporary password is ${password}.`);
      }
      pool.users.add(user);
      const created = user.createdAt;
      return {
        User: {
          Username: user.username,
          Attributes: userAttributeList(user),
          UserCreateDate: created,
          UserLastModifiedDate: created,
          Enabled: true,
          UserStatus: user.status,
        },
      };
    },

    async AdminSetUserPassword(input, request) {
      adminRequest(request, 'AdminSetUserPassword', input);
      const user = existingUser(input);
      const password = requiredMember(input, 'Password');
      checkPassword(password, pool.rules.passwordPolicy);
      await setPassword(pool.poolName, user, password);
      user.status = input.Permanent === true ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
      pool.users.update(user);
      return {};
    },

    async AdminAddUserToGroup(input, request) {
      adminRequest(request, 'AdminAddUserToGroup', input);
      const groupName = requiredMember(input, 'GroupName');
      const user = existingUser(input);
      if (!pool.rules.groups.includes(groupName)) throw new CognitoServiceError('ResourceNotFoundException', 'Group not found.');
      if (!user.groups.includes(groupName)) user.groups.push(groupName);
      pool.users.update(user);
      return {};
    },
  };
}

/** CodeDeliveryDetails' Destination: Cognito shows the first character of each side of the address. */
function masked(email: string): string {
  const [local, domain] = email.split('@') as [string, string];
  return `${local[0]}***@${domain[0]}***`;
}
