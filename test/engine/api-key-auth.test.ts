import { describe, expect, it } from 'vitest';
import { anApiKeyCaller, theFixtureApi } from '../steps/given-steps.js';
import { itSucceeded, theFieldFailed, theRequestWasRefused } from '../steps/then-steps.js';
import { weSendGraphQL } from '../steps/when-steps.js';

const api = theFixtureApi();
const query = { query: '{ echo(message: "hi") { message authType } }' };

describe('API key auth, as AppSync checks it', () => {
  it('lets the API key through and reports the auth type to resolvers', async () => {
    const data = itSucceeded(await weSendGraphQL(api, query, anApiKeyCaller(api)));
    expect(data.echo).toEqual({ message: 'hi', authType: 'API Key Authorization' });
  });

  it('refuses a request with no credentials at all', async () => {
    theRequestWasRefused(await weSendGraphQL(api, query, {}), 401, 'UnauthorizedException', 'Valid authorization header not provided.');
  });

  it('refuses a wrong API key', async () => {
    theRequestWasRefused(
      await weSendGraphQL(api, query, { 'x-api-key': 'da2-notthekeyatall0000000000' }),
      401,
      'UnauthorizedException',
      'You are not authorized to make this call.',
    );
  });

  it('refuses an Authorization header the API cannot verify', async () => {
    theRequestWasRefused(
      await weSendGraphQL(api, query, { authorization: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' }),
      401,
      'UnauthorizedException',
    );
  });

  it('denies a field whose directives leave the API key out, and still answers the rest', async () => {
    const result = await weSendGraphQL(api, { query: '{ iamOnly echo(message: "ok") { message } }' }, anApiKeyCaller(api));
    theFieldFailed(result, ['iamOnly'], 'Unauthorized', 'Not Authorized to access iamOnly on type Query');
    expect(result.body.data).toEqual({ iamOnly: null, echo: { message: 'ok' } });
  });
});
