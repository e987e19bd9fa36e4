/**
 * The Cognito Identity Provider operations the unmodified aws-amplify v6 client calls against `userPoolEndpoint`
 * (read from @aws-amplify/auth 6.21.1, the version aws-amplify 6.22.1 pins):
 * - signIn (default USER_SRP_AUTH): InitiateAuth → PASSWORD_VERIFIER → RespondToAuthChallenge;
 * - signIn with `authFlowType: 'USER_PASSWORD_AUTH'`: InitiateAuth;
 * - token refresh inside fetchAuthSession: GetTokensFromRefreshToken (older clients: InitiateAuth REFRESH_TOKEN_AUTH);
 * - fetchUserAttributes: GetUser; signOut(): RevokeToken; signOut({ global: true }): GlobalSignOut.
 * getCurrentUser and fetchAuthSession with fresh tokens only read tokens and make no call.
 * Inputs and outputs are the JSON bodies of the AWS JSON 1.1 protocol; failures throw CognitoServiceError.
 */
import { randomBytes } from 'node:crypto';
import { CognitoServiceError, incorrectCredentials } from './errors.js';
import type { LocalUserPool } from './issuer.js';
import { createServerEphemeral, deriveSessionKey, parseClientPublicValue, passwordClaimIsValid, SRP_TIMESTAMP_FORMAT } from './srp.js';
import { createUserListingOperations } from './user-listing.js';
import { createUserManagementOperations } from './user-management.js';
import { requiredMember, requiredParameter, stringMap, validationError } from './requests.js';
import { passwordMatches, userAttributeList, type PoolUser } from './users.js';

/** The HTTP request an operation arrived in: the Admin* operations need it to check the caller's SigV4 signature. */
export interface IdpRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export type CognitoOperation = (input: Record<string, unknown>, request: IdpRequest) => Promise<Record<string, unknown>>;

/** A PASSWORD_VERIFIER challenge waiting for its answer, keyed by the SECRET_BLOCK handed to the client. */
interface PendingSrpChallenge {
  username: string;
  clientId: string;
  sessionKey: Buffer;
  expiresAt: number;
}

/** Cognito's default auth session validity (CDK `authSessionValidity`): 3 minutes to answer a challenge. */
const CHALLENGE_LIFETIME_MS = 3 * 60 * 1000;
/** Bounds memory if something floods InitiateAuth without ever answering. */
const MAX_PENDING_CHALLENGES = 10_000;
const AUTH_FLOWS = ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'USER_PASSWORD_AUTH', 'USER_AUTH'];

export function createCognitoIdpOperations(pool: LocalUserPool): Record<string, CognitoOperation> {
  const pending = new Map<string, PendingSrpChallenge>();
  const now = () => pool.nowSeconds() * 1000;

  function startPasswordVerifier(user: PoolUser, clientId: string, srpA: string): Record<string, unknown> {
    const A = parseClientPublicValue(srpA);
    if (A === null) throw new CognitoServiceError('InvalidParameterException', 'SRP_A is not a valid SRP value');
    const ephemeral = createServerEphemeral(user.srp.verifier);
    const sessionKey = deriveSessionKey(A, ephemeral, user.srp.verifier);
    if (sessionKey === null) throw new CognitoServiceError('InvalidParameterException', 'SRP_A is not a valid SRP value');

    forgetStaleChallenges();
    const secretBlock = randomBytes(64).toString('base64');
    pending.set(secretBlock, { username: user.username, clientId, sessionKey, expiresAt: now() + CHALLENGE_LIFETIME_MS });
    return {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: {
        SALT: user.srp.salt,
        SECRET_BLOCK: secretBlock,
        SRP_B: ephemeral.B.toString(16),
        USERNAME: user.username,
        USER_ID_FOR_SRP: user.username,
      },
    };
  }

  function forgetStaleChallenges(): void {
    // Insertion order is expiry order, so stop at the first live challenge once under the cap.
    for (const [block, challenge] of pending) {
      if (challenge.expiresAt > now() && pending.size < MAX_PENDING_CHALLENGES) return;
      pending.delete(block);
    }
  }

  function userSigningIn(params: Record<string, string>): PoolUser {
    const user = pool.users.findBySignInName(requiredParameter(params, 'USERNAME'));
    if (user === undefined) throw new CognitoServiceError('UserNotFoundException', 'User does not exist.');
    return user;
  }

  /** Status checks come after the password proof, as Cognito's do: a wrong password says nothing about the account. */
  async function completeSignIn(user: PoolUser, clientId: string): Promise<Record<string, unknown>> {
    if (user.status === 'UNCONFIRMED') throw new CognitoServiceError('UserNotConfirmedException', 'User is not confirmed.');
    if (user.status === 'FORCE_CHANGE_PASSWORD') {
      // Cognito would answer with the NEW_PASSWORD_REQUIRED challenge, which the local pool does not implement yet.
      throw new CognitoServiceError(
        'InvalidParameterException',
        'The local user pool does not support the NEW_PASSWORD_REQUIRED challenge: set a permanent password with AdminSetUserPassword',
      );
    }
    return { ChallengeParameters: {}, AuthenticationResult: await pool.signIn(user, clientId) };
  }

  return {
    ...createUserManagementOperations(pool),
    ...createUserListingOperations(pool),

    async InitiateAuth(input) {
      const authFlow = requiredMember(input, 'AuthFlow');
      const clientId = requiredMember(input, 'ClientId');
      if (!AUTH_FLOWS.includes(authFlow)) {
        throw validationError(
          `Value '${authFlow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [${AUTH_FLOWS.join(', ')}]`,
        );
      }
      pool.assertKnownClient(clientId);
      const params = stringMap(input.AuthParameters);
      switch (authFlow) {
        case 'USER_SRP_AUTH':
          return startPasswordVerifier(userSigningIn(params), clientId, requiredParameter(params, 'SRP_A'));
        case 'USER_PASSWORD_AUTH': {
          const user = userSigningIn(params);
          if (!(await passwordMatches(user, requiredParameter(params, 'PASSWORD')))) throw incorrectCredentials();
          return completeSignIn(user, clientId);
        }
        case 'REFRESH_TOKEN_AUTH':
        case 'REFRESH_TOKEN':
          return {
            ChallengeParameters: {},
            AuthenticationResult: await pool.refresh(requiredParameter(params, 'REFRESH_TOKEN'), clientId),
          };
        default:
          // The infra's web client enables only userSrp and userPassword (refresh is always on).
          throw new CognitoServiceError('InvalidParameterException', `${authFlow} flow not enabled for this client`);
      }
    },

    async RespondToAuthChallenge(input) {
      const challengeName = requiredMember(input, 'ChallengeName');
      const clientId = requiredMember(input, 'ClientId');
      pool.assertKnownClient(clientId);
      if (challengeName !== 'PASSWORD_VERIFIER') {
        throw new CognitoServiceError('InvalidParameterException', `Challenge ${challengeName} is not supported by the local user pool`);
      }
      const responses = stringMap(input.ChallengeResponses);
      const secretBlock = requiredParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
      const signature = requiredParameter(responses, 'PASSWORD_CLAIM_SIGNATURE');
      const timestamp = requiredParameter(responses, 'TIMESTAMP');
      const username = requiredParameter(responses, 'USERNAME');

      const challenge = pending.get(secretBlock);
      pending.delete(secretBlock); // one answer per challenge, right or wrong
      if (challenge === undefined || challenge.expiresAt <= now() || challenge.clientId !== clientId) {
        throw new CognitoServiceError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
      }
      if (!SRP_TIMESTAMP_FORMAT.test(timestamp)) {
        throw new CognitoServiceError(
          'InvalidParameterException',
          `TIMESTAMP ${timestamp} is not of the form "ddd MMM D HH:mm:ss UTC YYYY"`,
        );
      }
      const claim = { poolName: pool.poolName, username, secretBlock, timestamp, signature };
      const user = pool.users.findByUsername(challenge.username);
      if (username !== challenge.username || user === undefined || !passwordClaimIsValid(challenge.sessionKey, claim)) {
        throw incorrectCredentials();
      }
      return completeSignIn(user, clientId);
    },

    async GetTokensFromRefreshToken(input) {
      const refreshToken = requiredMember(input, 'RefreshToken');
      const clientId = requiredMember(input, 'ClientId');
      pool.assertKnownClient(clientId);
      return { AuthenticationResult: await pool.refresh(refreshToken, clientId) };
    },

    async GetUser(input) {
      const user = await pool.userForAccessToken(requiredMember(input, 'AccessToken'));
      return { Username: user.username, UserAttributes: userAttributeList(user) };
    },

    async GlobalSignOut(input) {
      pool.signOutEverywhere(await pool.userForAccessToken(requiredMember(input, 'AccessToken')));
      return {};
    },

    async RevokeToken(input) {
      const token = requiredMember(input, 'Token');
      const clientId = requiredMember(input, 'ClientId');
      pool.assertKnownClient(clientId);
      pool.revokeRefreshToken(token, clientId);
      return {};
    },
  };
}
