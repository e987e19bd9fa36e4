/**
 * Who may call the local user pool's Admin* operations: as in AWS, a caller with IAM credentials signed for the
 * `cognito-idp` service. Locally the developer's access key stands for an identity with cognito-idp:Admin* allowed;
 * the Lambda execution roles are refused, since no function of the stack is granted user management.
 */
import { RequestError } from '../common/request-error.js';
import { CognitoServiceError, type AdminAuthorizer } from './cognito/index.js';
import { verifySigV4, type LocalIamCredentials } from './iam/index.js';

export function cognitoAdminAuthorizer(
  credentials: LocalIamCredentials,
  pool: { region: string; accountId: string; userPoolId: string },
): AdminAuthorizer {
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
    if (principal.accessKeyId !== credentials.developer.accessKeyId) {
      const resource = `arn:aws:cognito-idp:${pool.region}:${pool.accountId}:userpool/${pool.userPoolId}`;
      throw new CognitoServiceError(
        'AccessDeniedException',
        `User: ${principal.userArn} is not authorized to perform: cognito-idp:${operation} on resource: ${resource} because no identity-based policy allows the cognito-idp:${operation} action`,
      );
    }
  };
}
