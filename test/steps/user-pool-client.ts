/**
 * Signs a user in with USER_PASSWORD_AUTH through a user pool's Cognito API (the local pool's endpoint), as a
 * client does. Free of vitest, so the benchmarks sign their users in the same way the tests do.
 */
export async function signInWithPassword(
  userPool: { endpoint: string; clientId: string },
  username: string,
  password: string,
): Promise<{ idToken: string; accessToken: string }> {
  const response = await fetch(userPool.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: userPool.clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  });
  const body = (await response.json()) as { AuthenticationResult?: { IdToken: string; AccessToken: string } };
  if (!body.AuthenticationResult) throw new Error(`sign-in of ${username} failed: ${JSON.stringify(body)}`);
  return { idToken: body.AuthenticationResult.IdToken, accessToken: body.AuthenticationResult.AccessToken };
}
