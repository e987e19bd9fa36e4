/** AWS_IAM for the local engine: local credentials, and SigV4 verification of requests signed with them. */
export { iamMode, verifySigV4, type IamIdentity } from './iam-mode.js';
export { localIamCredentials, type LocalIamCredentials, type LocalIamPrincipal } from './local-credentials.js';
