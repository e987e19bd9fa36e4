/**
 * The `util` global of APPSYNC_JS: every member @aws-appsync/utils declares (index.d.ts `Util`).
 * Host-side implementation; the loader exposes it to resolver code through sandbox wrappers.
 */
import { authType } from './auth-type.js';
import { dynamodb } from './dynamodb.js';
import { base64Decode, base64Encode, escapeJavaScript, urlDecode, urlEncode } from './encoding.js';
import { appendError, error, unauthorized } from './errors.js';
import { http } from './http.js';
import { autoId, autoKsuid, autoUlid } from './ids.js';
import { matches } from './java-regex.js';
import { math } from './math.js';
import { rds } from './not-supported.js';
import { str } from './str.js';
import { time } from './time/index.js';
import { transform } from './transform/index.js';
import { xml } from './xml.js';

export const util = {
  escapeJavaScript,
  urlEncode,
  urlDecode,
  base64Encode,
  base64Decode,
  autoId,
  autoUlid,
  autoKsuid,
  unauthorized,
  error,
  appendError,
  matches,
  authType,
  time,
  dynamodb,
  rds,
  http,
  xml,
  transform,
  math,
  str,
};
