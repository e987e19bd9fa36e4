/**
 * Who may call the local user pool's IAM-authorised operations (Admin*, ListUsers): as in AWS, a caller with IAM
 * credentials signed for the `cognito-idp` service whose policies allow the action on the pool. Locally the
 * developer's access key stands for an identity with cognito-idp:* allowed; a Lambda function's execution role is
 * held to what the template grants it (IAM's evaluation: an explicit Deny wins, else an Allow must match).
 */
import type { PolicyStatementModel } from '../assembly/role-policies.js';
import { isAllowed } from '../assembly/role-policies.js';
import { RequestError } from '../common/request-error.js';
import { CognitoServiceError, type AdminAuthorizer } from './cognito/index.js';
import { verifySigV4, type LocalIamCredentials } from './iam/index.js';

export function cognitoAdminAuthorizer(
  credentials: LocalIamCredentials,
  pool: { region: string; accountId: string; userPoolId: string },
  /** each Lambda function's role statements, by function name */
  functionPolicies: ReadonlyMap<string, PolicyStatementModel[]> = new Map(),
): AdminAuthorizer {
  const resource = `arn:aws:cognito-idp:${pool.region}:${pool.accountId}:userpool/${pool.userPoolId}`;
  const functionOf = (accessKeyId: string) =>
    [...credentials.functions].find(([, principal]) => principal.accessKeyId === accessKeyId)?.[0] ?? null;
  return (request, operation) => {
    if (request.headers.authorization === undefined) {
      throw new CognitoServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token');
    }
    let principal;
    try {
      principal = verifySigV4({ ...request, sourceIp: '127.0.0.1' }, credentials, {
        region: pool.region,
        service: 'cognito-idp',
        nowMs: Date.now(),
      });
    } catch (err) {
      // AWS JSON services answer signature failures with HTTP 400 and the same error types AppSync uses.
      if (err instanceof RequestError) throw new CognitoServiceError(err.errorType, err.message);
      throw err;
    }
    if (principal.accessKeyId === credentials.developer.accessKeyId) return;
    const functionName = functionOf(principal.accessKeyId);
    const action = `cognito-idp:${operation}`;
    if (functionName !== null && isAllowed(functionPolicies.get(functionName) ?? [], action, resource)) return;
    throw new CognitoServiceError(
      'AccessDeniedException',
      `User: ${principal.userArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
    );
  };
}
