/**
 * How AppSync refuses an AWS_IAM request, in one place. AppSync answers SigV4 failures with the generic AWS
 * signature errors rather than UnauthorizedException; the sources for each shape are noted, and where only the
 * wording is AWS-wide (not seen from AppSync itself) it says so.
 */
import { RequestError } from '../../common/request-error.js';

const FIVE_MINUTES = '5 min.';

export const iamRejections = {
  /** Unknown access key, or a session token that does not belong to it [amplify-cli#3380, from a Lambda calling AppSync]. Status: UNVERIFIED (AppSync's troubleshooting guide: bad credentials are 401). */
  unrecognizedClient: () => new RequestError(401, 'UnrecognizedClientException', 'The security token included in the request is invalid.'),

  /** A wrong signature (secret, body, header, path) [403 + x-amzn-ErrorType InvalidSignatureException: amplify-js#2422]; the detail is AWS's usual one. */
  signatureMismatch: (canonical: string, toSign: string) =>
    new RequestError(
      403,
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. ' +
        `Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'${canonical}'\n\n` +
        `The String-to-Sign should have been\n'${toSign}'\n`,
    ),

  /** Credential scope pointing elsewhere (AWS-wide wording; UNVERIFIED for AppSync). */
  wrongScope: (problem: string) => new RequestError(403, 'InvalidSignatureException', problem),

  /** Authorization header lacking parts, or unusable (AWS-wide wording; UNVERIFIED for AppSync). */
  incompleteSignature: (problems: string[], authorization: string) =>
    new RequestError(403, 'IncompleteSignatureException', `${problems.join(' ')} Authorization=${authorization}`),

  /** X-Amz-Date more than 5 minutes in the past [BadRequestException, HTTP 400: amplify-js#11480 and #5869; wording: AWS-wide]. */
  signatureExpired: (signed: string, earliest: string, now: string) =>
    new RequestError(400, 'BadRequestException', `Signature expired: ${signed} is now earlier than ${earliest} (${now} - ${FIVE_MINUTES})`),

  /** X-Amz-Date more than 5 minutes in the future [wording seen from AppSync IAM: aws-mobile-appsync-sdk-js#620]. */
  signatureNotYetCurrent: (signed: string, latest: string, now: string) =>
    new RequestError(
      400,
      'BadRequestException',
      `Signature not yet current: ${signed} is still later than ${latest} (${now} + ${FIVE_MINUTES})`,
    ),
};
