import { describe, expect, it } from 'vitest';
import { anApiKeyCaller, theFixtureApi } from '../steps/given-steps.js';
import { itSucceeded, theFieldFailed } from '../steps/then-steps.js';
import { weSendGraphQL } from '../steps/when-steps.js';

const api = theFixtureApi();
const key = anApiKeyCaller(api);

describe('APPSYNC_JS resolvers run from the deployed bundles, ctx as AppSync fills it', () => {
  it('gives resolvers args, request headers, env and the selection set', async () => {
    const result = await weSendGraphQL(
      api,
      { query: '{ echo(message: "m", tags: ["a","b"]) { message tags renamed: selection env userAgent selectionGraphQL } }' },
      { ...key, 'x-test-agent': 'vitest', cookie: 'secret=1' },
    );
    const data = itSucceeded(result);
    expect(data.echo).toMatchObject({ message: 'm', tags: ['a', 'b'], env: 'vanilla', userAgent: 'vitest' });
    expect(data.echo.renamed).toEqual(['message', 'tags', 'renamed', 'env', 'userAgent', 'selectionGraphQL']);
    expect(data.echo.selectionGraphQL).toContain('renamed: selection');
  });

  it('returns data and every util.appendError entry together', async () => {
    const result = await weSendGraphQL(api, { query: '{ appended }' }, key);
    expect(result.body.data).toEqual({ appended: 'value despite errors' });
    expect(result.body.errors.map((e: { errorType: string }) => e.errorType)).toEqual(['FirstType', 'SecondType']);
    expect(result.body.errors[0]).toMatchObject({ path: ['appended'], message: 'first problem', errorInfo: { hint: 'one' } });
  });

  it('honours runtime.earlyReturn in a unit resolver: no data source, no response handler', async () => {
    expect(itSucceeded(await weSendGraphQL(api, { query: '{ earlyUnit }' }, key))).toEqual({ earlyUnit: 'returned early' });
  });

  it('runs pipelines in order with one stash and prev.result carried along', async () => {
    const data = itSucceeded(await weSendGraphQL(api, { query: '{ pipelineEarly { steps skipped } }' }, key));
    expect(data.pipelineEarly).toEqual({ steps: ['before', 'first', 'middle', 'last', 'after'], skipped: false });
  });

  it("honours earlyReturn's skipTo NEXT (skip one function) and END (skip to the resolver's response)", async () => {
    const next = itSucceeded(await weSendGraphQL(api, { query: '{ pipelineEarly(skipTo: "NEXT") { steps } }' }, key));
    expect(next.pipelineEarly.steps).toEqual(['before', 'first', 'skip', 'last', 'after']);
    const end = itSucceeded(await weSendGraphQL(api, { query: '{ pipelineEarly(skipTo: "END") { steps } }' }, key));
    expect(end.pipelineEarly.steps).toEqual(['before', 'first', 'skip', 'after']);
  });

  it('turns a fault in resolver code into a field error and keeps serving', async () => {
    const result = await weSendGraphQL(api, { query: '{ codeFault echo(message: "alive") { message } }' }, key);
    theFieldFailed(result, ['codeFault'], 'Code');
    expect(result.body.data.echo.message).toBe('alive');
  });

  it('stops a resolver that loops forever, answers with an error, and keeps serving', async () => {
    const result = await weSendGraphQL(api, { query: '{ runaway }' }, key);
    theFieldFailed(result, ['runaway'], 'Code');
    itSucceeded(await weSendGraphQL(api, { query: '{ echo(message: "alive") { message } }' }, key));
  });
});
