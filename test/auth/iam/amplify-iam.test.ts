/**
 * The unmodified aws-amplify v6 client calling the local API with authMode 'iam'. Without an identity pool, the
 * AWS credentials come from Amplify's documented custom credentials provider (libraryOptions.Auth.credentialsProvider),
 * the way a server-side or kiosk app supplies its own; Amplify then signs exactly as it does against AppSync.
 */
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';
import { beforeAll, describe, expect, it } from 'vitest';
import { theProductApi } from '../../steps/given-steps.js';

const app = theProductApi();

describe('aws-amplify v6 with authMode iam', () => {
  beforeAll(() => {
    Amplify.configure(
      { API: { GraphQL: { endpoint: app.url, region: app.iam.region, defaultAuthMode: 'iam' } } },
      {
        Auth: {
          credentialsProvider: {
            getCredentialsAndIdentityId: async () => ({
              credentials: { accessKeyId: app.iam.accessKeyId, secretAccessKey: app.iam.secretAccessKey },
            }),
            clearCredentialsAndIdentityId: () => {},
          },
        },
      },
    );
  });

  it('signs a query the engine accepts, and gets field denials as GraphQL errors', async () => {
    const client = generateClient();
    const ok = (await client.graphql({ query: '{ health { status } }' })) as { data: unknown };
    expect(ok.data).toEqual({ health: { status: 'OK' } });
    const denied = await (client.graphql({ query: '{ rewards { nextToken } }' }) as Promise<unknown>).then(
      () => null,
      (rejection: { errors?: Array<{ errorType?: string; message: string }> }) => rejection,
    );
    expect(denied?.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', message: 'Not Authorized to access rewards on type Query' });
  });
});
