import type { AuthType } from '../assembly/stack-model.js';

/** Who is calling, once credentials are verified. */
export interface CallerAuth {
  mode: AuthType;
  /** ctx.identity as AppSync fills it for the mode (null for API keys) */
  identity: unknown;
  /** Cognito groups, for directive checks */
  groups: string[] | null;
}

export interface RequestCredentials {
  headers: Record<string, string | string[] | undefined>;
  sourceIp: string;
  /** raw request body, needed to verify SigV4 signatures */
  body?: string;
  /** what a SigV4 signature covers besides headers and body; default POST /graphql (the real-time handshake signs /graphql/connect) */
  method?: string;
  /** path and query string as the client sent them */
  path?: string;
}
