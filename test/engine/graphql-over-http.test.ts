import { describe, expect, it } from 'vitest';
import { anApiKeyCaller, theFixtureApi } from '../steps/given-steps.js';
import { theRequestWasRefused, itSucceeded } from '../steps/then-steps.js';
import { weSendGraphQL, weSendRaw } from '../steps/when-steps.js';

const api = theFixtureApi();
const key = anApiKeyCaller(api);

describe('GraphQL over HTTP, as AppSync accepts it', () => {
  it('answers a query with data', async () => {
    const data = itSucceeded(await weSendGraphQL(api, { query: '{ echo(message: "hi") { message } }' }, key));
    expect(data).toEqual({ echo: { message: 'hi' } });
  });

  it('takes variables and picks the operation by operationName', async () => {
    const query = 'query A($m: String!) { echo(message: $m) { message } } query B { echo(message: "b") { message } }';
    const data = itSucceeded(await weSendGraphQL(api, { query, variables: { m: 'from a' }, operationName: 'A' }, key));
    expect(data.echo.message).toBe('from a');
  });

  it('accepts a JSON body sent as application/graphql, as AWS examples do', async () => {
    const result = await weSendRaw(api.url, {
      body: JSON.stringify({ query: '{ echo(message: "x") { message } }' }),
      headers: { ...key, 'content-type': 'application/graphql' },
    });
    expect(itSucceeded(result).echo.message).toBe('x');
  });

  it('reports an unknown field as a graphql-java style validation error with no data', async () => {
    const result = await weSendGraphQL(api, { query: '{\n  nope\n}' }, key);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      data: null,
      errors: [
        {
          path: null,
          data: null,
          errorType: null,
          errorInfo: null,
          locations: [{ line: 2, column: 3, sourceName: null }],
          message: "Validation error of type FieldUndefined: Field 'nope' in type 'Query' is undefined @ 'nope'",
        },
      ],
    });
  });

  it('reports a syntax error without executing anything', async () => {
    const result = await weSendGraphQL(api, { query: '{ echo(message: "x") { message }' }, key);
    expect(result.body.data).toBeNull();
    expect(result.body.errors[0].message).toMatch(/^Invalid Syntax : /);
  });

  it('refuses malformed JSON, a body without a query and a wrong method, and keeps serving', async () => {
    theRequestWasRefused(await weSendRaw(api.url, { body: '{"query": ', headers: key }), 400, 'MalformedHttpRequestException');
    theRequestWasRefused(await weSendRaw(api.url, { body: '[1,2]', headers: key }), 400, 'MalformedHttpRequestException');
    theRequestWasRefused(await weSendRaw(api.url, { body: '{"variables":{}}', headers: key }), 400, 'MalformedHttpRequestException');
    theRequestWasRefused(
      await weSendRaw(api.url, { body: '{"query":"{ echo(message: \\"x\\") { message } }","variables":[1]}', headers: key }),
      400,
      'MalformedHttpRequestException',
    );
    theRequestWasRefused(await weSendRaw(api.url, { method: 'GET', headers: key }), 405, 'MethodNotAllowed');
    itSucceeded(await weSendGraphQL(api, { query: '{ echo(message: "still here") { message } }' }, key));
  });

  it('refuses an oversize body with 413 and keeps serving', async () => {
    const huge = JSON.stringify({ query: `{ echo(message: "${'x'.repeat(2 * 1024 * 1024)}") { message } }` });
    theRequestWasRefused(await weSendRaw(api.url, { body: huge, headers: key }), 413, 'PayloadTooLargeException');
    itSucceeded(await weSendGraphQL(api, { query: '{ echo(message: "after") { message } }' }, key));
  });

  it('answers many concurrent requests, good and bad mixed, without falling over', async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 3 === 0
          ? weSendRaw(api.url, { body: '{oops', headers: key })
          : weSendGraphQL(api, { query: `{ echo(message: "n${i}") { message } }` }, key),
      ),
    );
    expect(results.filter((r) => r.status === 400)).toHaveLength(20);
    expect(results.filter((r) => r.status === 200).map((r) => r.body.data.echo.message)).toHaveLength(40);
  });

  it('answers CORS preflights so browser apps can call it', async () => {
    const result = await weSendRaw(api.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(result.status).toBe(204);
    expect(result.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses subscriptions over HTTP with a clear error', async () => {
    const result = await weSendGraphQL(api, { query: 'subscription { echo }' }, key);
    expect(result.body.data).toBeNull();
    expect(result.body.errors.length).toBeGreaterThan(0);
  });
});
