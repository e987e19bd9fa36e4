/**
 * A local Cognito-compatible user pool: users, signing key, sign-in sessions, and tokens minted with exactly the
 * claim sets Cognito puts in its ID and access tokens (1 h lifetime, RS256, `kid` header).
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, type JSONWebKeySet } from 'jose';
import { CognitoServiceError, LocalUserPoolConfigError, TokenRejectedError } from './errors.js';
import { SessionStore, type SignInSession } from './sessions.js';
import { jwksOf, loadOrCreateSigningKey, type SigningKey } from './signing-key.js';
import type { IdpRequest } from './idp-operations.js';
import { DEFAULT_RULES, type UserPoolRules } from './policy.js';
import { UserDirectory, type DeclaredUser, type PoolUser } from './users.js';
import { createCognitoVerifier, type CognitoClaims, type CognitoVerifier } from './verifier.js';

export interface LocalUserPoolOptions {
  /** `<region>_<name>`, like a real pool id: Amplify derives the region and the SRP pool name from it. */
  userPoolId: string;
  /** App client ids; InitiateAuth from any other client fails with ResourceNotFoundException. */
  clientIds: string[];
  region: string;
  /** Keeps the signing key and refresh sessions across restarts; null keeps them in memory. */
  dataDir: string | null;
  /** The issuer is `${issuerBaseUrl}/${userPoolId}`, as Cognito's is `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`. */
  issuerBaseUrl: string;
  users: DeclaredUser[];
  /** What the pool's template declares (groups, sign-up, password policy); Cognito's defaults when absent. */
  rules?: UserPoolRules;
  /**
   * Checks that an Admin* request is signed (SigV4, service `cognito-idp`) by a principal allowed to manage users;
   * throws the CognitoServiceError AWS would answer with. Without one, every Admin* call is refused.
   */
  authorizeAdmin?: AdminAuthorizer;
  /** AppSync's `appIdClientRegex` for the pool's own verifier; unset accepts any of `clientIds`. */
  appIdClientRegex?: string;
  /** ms since the epoch; injectable for tests */
  now?: () => number;
}

export type AdminAuthorizer = (request: IdpRequest, operation: string) => void;

/** An email the pool "sent" (confirmation codes, invitations): kept for the developer, as a real pool's would arrive. */
export interface SentEmail {
  to: string;
  subject: string;
  message: string;
  sentAt: string;
}

/** InitiateAuth / RespondToAuthChallenge's `AuthenticationResult`. */
export interface AuthenticationResult {
  AccessToken: string;
  ExpiresIn: number;
  IdToken: string;
  RefreshToken?: string;
  TokenType: 'Bearer';
}

const TOKEN_LIFETIME_SECONDS = 3600;
const USER_POOL_ID = /^([a-z0-9-]+)_([0-9A-Za-z]+)$/;

/** The newest emails kept; older ones are dropped so a long-running engine does not grow without bound. */
const MAX_SENT_EMAILS = 1000;

export class LocalUserPool {
  readonly verifier: CognitoVerifier;
  readonly sentEmails: SentEmail[] = [];

  private constructor(
    readonly userPoolId: string,
    /** the part after `_`, which SRP mixes into every password hash */
    readonly poolName: string,
    readonly issuer: string,
    readonly clientIds: readonly string[],
    readonly users: UserDirectory,
    private readonly key: SigningKey,
    private readonly sessions: SessionStore,
    private readonly clock: () => number,
    readonly rules: UserPoolRules,
    private readonly adminAuthorizer: AdminAuthorizer | undefined,
    appIdClientRegex: string | undefined,
  ) {
    this.verifier = createCognitoVerifier({ issuer, jwks: this.jwks(), clientIds: [...clientIds], appIdClientRegex, now: clock });
  }

  static async open(options: LocalUserPoolOptions): Promise<LocalUserPool> {
    const match = USER_POOL_ID.exec(options.userPoolId);
    if (match === null) throw new LocalUserPoolConfigError(`userPoolId ${options.userPoolId} is not of the form <region>_<name>`);
    if (match[1] !== options.region)
      throw new LocalUserPoolConfigError(`userPoolId ${options.userPoolId} is not in region ${options.region}`);
    if (options.clientIds.length === 0) throw new LocalUserPoolConfigError('a user pool needs at least one app client id');
    const poolName = match[2];
    const issuer = `${options.issuerBaseUrl.replace(/\/+$/, '')}/${options.userPoolId}`;
    const [users, key] = await Promise.all([
      UserDirectory.create(options.userPoolId, poolName, options.users, options.dataDir),
      loadOrCreateSigningKey(options.dataDir),
    ]);
    const sessions = SessionStore.open(options.dataDir);
    const clock = options.now ?? Date.now;
    return new LocalUserPool(
      options.userPoolId,
      poolName,
      issuer,
      options.clientIds,
      users,
      key,
      sessions,
      clock,
      options.rules ?? DEFAULT_RULES,
      options.authorizeAdmin,
      options.appIdClientRegex,
    );
  }

  jwks(): JSONWebKeySet {
    return jwksOf(this.key);
  }

  nowSeconds(): number {
    return Math.floor(this.clock() / 1000);
  }

  assertKnownClient(clientId: string): void {
    if (!this.clientIds.includes(clientId)) {
      throw new CognitoServiceError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
    }
  }

  assertOwnPoolId(userPoolId: string): void {
    if (userPoolId !== this.userPoolId)
      throw new CognitoServiceError('ResourceNotFoundException', `User pool ${userPoolId} does not exist.`);
  }

  /** An Admin* operation may go ahead only for a caller the engine's IAM authorizer accepts. */
  authorizeAdmin(request: IdpRequest, operation: string): void {
    if (this.adminAuthorizer === undefined) {
      throw new CognitoServiceError('AccessDeniedException', `This local user pool accepts no IAM credentials, so ${operation} is refused`);
    }
    this.adminAuthorizer(request, operation);
  }

  sendEmail(to: string, subject: string, message: string): void {
    this.sentEmails.push({ to, subject, message, sentAt: new Date(this.clock()).toISOString() });
    if (this.sentEmails.length > MAX_SENT_EMAILS) this.sentEmails.shift();
  }

  /** A successful authentication: a new session and its three tokens. */
  async signIn(user: PoolUser, clientId: string): Promise<Required<AuthenticationResult>> {
    const { refreshToken, session } = this.sessions.start(user.username, clientId, this.nowSeconds());
    return { ...(await this.mint(user, session)), RefreshToken: refreshToken };
  }

  /** REFRESH_TOKEN_AUTH / GetTokensFromRefreshToken: new ID and access tokens, same session, no new refresh token. */
  async refresh(refreshToken: string, clientId: string): Promise<AuthenticationResult> {
    const session = this.sessions.find(refreshToken, this.nowSeconds());
    if (session === undefined || session.clientId !== clientId) {
      throw new CognitoServiceError('NotAuthorizedException', 'Invalid Refresh Token');
    }
    if (session.revoked) throw new CognitoServiceError('NotAuthorizedException', 'Refresh Token has been revoked');
    const user = this.users.findByUsername(session.username);
    if (user === undefined) throw new CognitoServiceError('NotAuthorizedException', 'Invalid Refresh Token');
    return this.mint(user, session);
  }

  /** RevokeToken: ends the refresh token's session. Unknown tokens are ignored, as RFC 7009 revocation does. */
  revokeRefreshToken(refreshToken: string, clientId: string): void {
    const session = this.sessions.find(refreshToken, this.nowSeconds());
    if (session === undefined) return;
    if (session.clientId !== clientId) throw new CognitoServiceError('UnauthorizedException', 'Token is not issued to this client');
    this.sessions.revoke(session);
  }

  /**
   * The user an access token speaks for, as the Identity Provider API checks it (GetUser, GlobalSignOut): unlike
   * AppSync, Cognito's own API refuses access tokens whose session was revoked.
   */
  async userForAccessToken(accessToken: string): Promise<PoolUser> {
    let claims: CognitoClaims;
    try {
      claims = await this.verifier.verify(accessToken);
    } catch (err) {
      const expired = err instanceof TokenRejectedError && err.code === 'expired';
      throw new CognitoServiceError('NotAuthorizedException', expired ? 'Access Token has expired' : 'Invalid Access Token');
    }
    if (claims.token_use !== 'access') throw new CognitoServiceError('NotAuthorizedException', 'Invalid Access Token');
    if (typeof claims.origin_jti !== 'string' || this.sessions.isRevoked(claims.origin_jti)) {
      throw new CognitoServiceError('NotAuthorizedException', 'Access Token has been revoked');
    }
    const user = this.users.findByUsername(claims.username as string);
    if (user === undefined) throw new CognitoServiceError('UserNotFoundException', 'User does not exist.');
    return user;
  }

  signOutEverywhere(user: PoolUser): void {
    this.sessions.revokeAllOf(user.username);
  }

  private async mint(user: PoolUser, session: SignInSession): Promise<AuthenticationResult> {
    const iat = this.nowSeconds();
    const exp = iat + TOKEN_LIFETIME_SECONDS;
    const groups = user.groups.length > 0 ? { 'cognito:groups': user.groups } : {};
    const email = user.email === null ? {} : { email_verified: user.emailVerified };
    const idClaims = {
      sub: user.sub,
      ...groups,
      ...email,
      iss: this.issuer,
      'cognito:username': user.username,
      origin_jti: session.originJti,
      aud: session.clientId,
      event_id: session.eventId,
      token_use: 'id',
      auth_time: session.authTime,
      exp,
      iat,
      jti: randomUUID(),
      ...(user.email === null ? {} : { email: user.email }),
      ...user.attributes,
    };
    const accessClaims = {
      sub: user.sub,
      ...groups,
      iss: this.issuer,
      client_id: session.clientId,
      origin_jti: session.originJti,
      event_id: session.eventId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      auth_time: session.authTime,
      exp,
      iat,
      jti: randomUUID(),
      username: user.username,
    };
    const [IdToken, AccessToken] = await Promise.all([this.sign(idClaims), this.sign(accessClaims)]);
    return { AccessToken, ExpiresIn: TOKEN_LIFETIME_SECONDS, IdToken, TokenType: 'Bearer' };
  }

  private sign(claims: Record<string, unknown>): Promise<string> {
    // Cognito's header is exactly { kid, alg }; exp/iat are already in the claims, so no builder setters.
    return new SignJWT(claims).setProtectedHeader({ kid: this.key.kid, alg: 'RS256' }).sign(this.key.privateKey);
  }
}
