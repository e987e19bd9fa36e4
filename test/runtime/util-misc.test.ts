import { describe, expect, test } from 'vitest';
import { extensions } from '../../local/runtime/extensions.js';
import { newScope, runInScope } from '../../local/runtime/scope.js';
import { EarlyReturnSignal, UtilErrorSignal, UtilUsageError } from '../../local/runtime/signals.js';
import { runtime } from '../../local/runtime/runtime-global.js';
import { authModeOfIdentity } from '../../local/runtime/util/auth-type.js';
import { util } from '../../local/runtime/util/index.js';

describe('encoders', () => {
  test('escapeJavaScript escapes like commons-lang escapeEcmaScript', () => {
    expect(util.escapeJavaScript(`it's "x"/\\ \n\t é😀`)).toBe(`it\\'s \\"x\\"\\/\\\\ \\n\\t \\u00E9\\uD83D\\uDE00`);
  });

  test('urlEncode/urlDecode follow java.net.URLEncoder', () => {
    expect(util.urlEncode('a b&c=d/é*~')).toBe('a+b%26c%3Dd%2F%C3%A9*%7E');
    expect(util.urlDecode('a+b%26c%3Dd%2F%C3%A9*%7E')).toBe('a b&c=d/é*~');
    expect(() => util.urlDecode('%zz')).toThrow(UtilUsageError);
  });

  test('base64 is UTF-8', () => {
    expect(util.base64Encode('héllo')).toBe('aMOpbGxv');
    expect(util.base64Decode('aMOpbGxv')).toBe('héllo');
  });
});

describe('identifiers', () => {
  test('autoId is a v4 UUID, autoUlid 26 Crockford chars, autoKsuid 27 base62 chars', () => {
    expect(util.autoId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(util.autoUlid()).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(util.autoKsuid()).toMatch(/^[0-9A-Za-z]{27}$/);
    expect(util.autoId()).not.toBe(util.autoId());
  });
});

describe('util.matches (java.util.regex, whole input)', () => {
  test('matches the whole string', () => {
    expect(util.matches('a*b', 'aaaaab')).toBe(true);
    expect(util.matches('a*b', 'aaaaabc')).toBe(false);
  });

  test('translates Java-only syntax', () => {
    expect(util.matches('(?i)hello', 'HeLLo')).toBe(true);
    expect(util.matches('\\p{Alpha}+\\d++', 'abc123')).toBe(true);
    expect(util.matches('\\Qa.b\\E', 'a.b')).toBe(true);
    expect(util.matches('\\Qa.b\\E', 'axb')).toBe(false);
    expect(util.matches('\\Afoo\\z', 'foo')).toBe(true);
  });
});

describe('errors', () => {
  test('util.error throws a signal with null defaults', () => {
    expect.assertions(1);
    try {
      util.error('boom');
    } catch (e) {
      expect((e as UtilErrorSignal).error).toEqual({ message: 'boom', errorType: null, data: null, errorInfo: null });
    }
  });

  test('util.appendError records on the scope and continues', () => {
    const scope = newScope();
    runInScope(scope, () => util.appendError('soft', 'Custom', { a: 1 }));
    expect(scope.appendedErrors).toEqual([{ message: 'soft', errorType: 'Custom', data: { a: 1 }, errorInfo: null }]);
  });

  test('util.unauthorized names the field in scope, or just "Unauthorized"', () => {
    const inField = () => runInScope(newScope({ fieldName: 'secret', parentTypeName: 'Query' }), () => util.unauthorized());
    expect(inField).toThrow('Not Authorized to access secret on type Query');
    expect(() => util.unauthorized()).toThrow(/^Unauthorized$/);
  });

  test('runtime.earlyReturn carries the value and skipTo', () => {
    expect.assertions(2);
    try {
      runtime.earlyReturn({ a: 1 }, { skipTo: 'NEXT' });
    } catch (e) {
      expect(e).toBeInstanceOf(EarlyReturnSignal);
      expect([(e as EarlyReturnSignal).value, (e as EarlyReturnSignal).skipTo]).toEqual([{ a: 1 }, 'NEXT']);
    }
  });
});

describe('authType', () => {
  test('maps the scope auth mode to AppSync wording', () => {
    expect(runInScope(newScope({ authType: 'AMAZON_COGNITO_USER_POOLS' }), () => util.authType())).toBe('User Pool Authorization');
    expect(runInScope(newScope({ authType: 'AWS_IAM' }), () => util.authType())).toBe('IAM Authorization');
    expect(runInScope(newScope({ authType: 'AWS_LAMBDA' }), () => util.authType())).toBe('Lambda Authorization');
    expect(util.authType()).toBe('API Key Authorization');
  });

  test('infers the mode from an identity shape for evaluate-code', () => {
    expect(authModeOfIdentity(null)).toBe('API_KEY');
    expect(authModeOfIdentity({ resolverContext: {} })).toBe('AWS_LAMBDA');
    expect(authModeOfIdentity({ accountId: '1', userArn: 'arn', sourceIp: ['1.2.3.4'] })).toBe('AWS_IAM');
    expect(authModeOfIdentity({ sub: 's', issuer: 'i', claims: {}, username: 'u', sourceIp: [], defaultAuthStrategy: 'ALLOW' })).toBe(
      'AMAZON_COGNITO_USER_POOLS',
    );
    expect(authModeOfIdentity({ sub: 's', issuer: 'i', claims: {} })).toBe('OPENID_CONNECT');
  });
});

describe('util.dynamodb', () => {
  test('typed values keep numbers as numbers and drop undefined members', () => {
    expect(util.dynamodb.toMapValues({ a: 1, b: 'x', c: [true, null], d: undefined })).toEqual({
      a: { N: 1 },
      b: { S: 'x' },
      c: { L: [{ BOOL: true }, { NULL: null }] },
    });
    expect(util.dynamodb.toString(null)).toBeNull();
    expect(util.dynamodb.fromS3ObjectJson(util.dynamodb.toS3Object('k', 'b', 'r', 'v').S)).toEqual({
      key: 'k',
      bucket: 'b',
      region: 'r',
      version: 'v',
    });
  });
});

describe('util.http, util.xml, util.str, util.math', () => {
  test('copyHeaders drops restricted headers; response headers go to the scope', () => {
    expect(util.http.copyHeaders({ Host: 'h', 'x-a': '1', 'Content-Length': '2' })).toEqual({ 'x-a': '1' });
    const scope = newScope();
    runInScope(scope, () => {
      util.http.addResponseHeader('itemsCount', 7);
      util.http.addResponseHeaders({ headerObject: { field1: 7 } });
    });
    expect(scope.responseHeaders).toEqual({ itemsCount: '7', headerObject: '{"field1":7}' });
    expect(() => util.http.addResponseHeader('x-amz-foo', 'v')).toThrow(UtilUsageError);
  });

  test('xml.toMap types scalars, lists repeats, keeps attributes', () => {
    const xml = '<?xml version="1.0"?><posts><post id="1"><title>A &amp; B</title></post><post id="2"><title>C</title></post></posts>';
    expect(util.xml.toMap(xml)).toEqual({
      posts: {
        post: [
          { id: 1, title: 'A & B' },
          { id: 2, title: 'C' },
        ],
      },
    });
    expect(util.xml.toJsonString('<a>1</a>')).toBe('{"a":1}');
    expect(util.xml.toMap('<a><b></a>')).toBeNull();
  });

  test('str.normalize and math helpers', () => {
    expect(util.str.normalize('e\u0301', 'nfc')).toBe('é');
    expect(util.math.roundNum(2.5)).toBe(3);
    expect(util.math.minVal(2, 3)).toBe(2);
    const r = util.math.randomWithinRange(3, 5);
    expect(r >= 3 && r < 5 && Number.isInteger(r)).toBe(true);
  });
});

describe('extensions', () => {
  test('record filters, invalidations (max 5 unique) and cache evictions on the scope', () => {
    const scope = newScope();
    runInScope(scope, () => {
      extensions.setSubscriptionFilter({ filterGroup: [] });
      extensions.evictFromApiCache('Query', 'getPost', { 'context.arguments.id': '1' });
      for (const id of [1, 2, 3, 4, 5, 5]) extensions.invalidateSubscriptions({ subscriptionField: 'onX', payload: { id } });
    });
    expect(scope.subscriptionFilter).toEqual({ filterGroup: [] });
    expect(scope.cacheEvictions).toEqual([{ typeName: 'Query', fieldName: 'getPost', keys: { 'context.arguments.id': '1' } }]);
    expect(scope.invalidations).toHaveLength(5);
    expect(() => runInScope(scope, () => extensions.invalidateSubscriptions({ subscriptionField: 'onX', payload: { id: 6 } }))).toThrow(
      UtilUsageError,
    );
  });
});
