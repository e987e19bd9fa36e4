import { LOCAL_ACCOUNT_ID } from '../../assembly/intrinsics.js';
import type { CallerAuth } from '../../auth/types.js';
import type { GraphQLResponse } from '../../graphql/endpoint.js';
import { parsePayload } from '../target-input.js';
import { TargetFailure, type DeliveryTarget } from './types.js';

export type GraphQLExecutor = (body: { query: string; variables: Record<string, unknown> }, caller: CallerAuth) => Promise<GraphQLResponse>;

/** The session name EventBridge's assumed-role identity carries locally. */
const SESSION = 'eventbridge-target';

/**
 * An AppSync API target: runs AppSyncParameters.GraphQLOperation with the payload as its variables, as the
 * rule's role. The call goes to the engine's GraphQL endpoint in process with an AWS_IAM caller built for that
 * role instead of a signed HTTP request: the identity resolvers see is the same, and no credentials are minted
 * for a role the engine never runs code as. Any GraphQL error fails the delivery.
 */
export function appSyncTarget(arn: string, operation: string, roleArn: string | null, execute: GraphQLExecutor): DeliveryTarget {
  const roleName = roleArn ? roleArn.slice(roleArn.lastIndexOf('/') + 1) : 'eventbridge-local';
  const caller: CallerAuth = {
    mode: 'AWS_IAM',
    identity: {
      accountId: LOCAL_ACCOUNT_ID,
      cognitoIdentityPoolId: null,
      cognitoIdentityId: null,
      sourceIp: [],
      username: `AROA${roleName
        .replace(/[^A-Za-z0-9]/g, '')
        .toUpperCase()
        .slice(0, 17)}:${SESSION}`,
      userArn: `arn:aws:sts::${LOCAL_ACCOUNT_ID}:assumed-role/${roleName}/${SESSION}`,
      cognitoIdentityAuthType: null,
      cognitoIdentityAuthProvider: null,
    },
    groups: null,
  };
  return {
    arn,
    async deliver(payloadText) {
      const variables = parsePayload(payloadText);
      const response = await execute(
        { query: operation, variables: variables && typeof variables === 'object' ? (variables as Record<string, unknown>) : {} },
        caller,
      );
      if (response.errors?.length) {
        const [first] = response.errors;
        throw new TargetFailure(String(first.errorType ?? 'GraphQLError'), first.message);
      }
    },
  };
}
