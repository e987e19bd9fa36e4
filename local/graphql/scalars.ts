import { isIP } from 'node:net';
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/*
 * AppSync's built-in scalars. Inputs that break a scalar's rule are rejected before any resolver runs, with
 * graphql-java style messages, as AppSync does. Regexes are compiled once.
 */

const OFFSET = '(Z|[+-]\\d{2}:\\d{2}(:\\d{2})?)';
const DATE = '\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])';
const TIME = '([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?';
const AWS_DATE = new RegExp(`^${DATE}${OFFSET}?$`);
const AWS_TIME = new RegExp(`^${TIME}${OFFSET}?$`);
const AWS_DATE_TIME = new RegExp(`^${DATE}T${TIME}${OFFSET}$`);
// RFC 5322 "dot-atom" local part and a dotted domain: what browsers accept for type=email
const AWS_EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const AWS_PHONE = /^\+?[0-9][0-9 ()-]{4,20}[0-9]$/;
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

function calendarDateIsReal(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isAwsUrl(text: string): boolean {
  if (!URL_SCHEME.test(text)) return false;
  try {
    const url = new URL(text);
    // AppSync rejects double slashes in the path (e.g. http://a.com//b)
    return !url.pathname.includes('//');
  } catch {
    return false;
  }
}

function stringScalar(name: string, description: string, isValid: (value: string) => boolean) {
  const check = (value: unknown): string => {
    if (typeof value !== 'string' || !isValid(value)) throw new TypeError(`Unable to parse '${String(value)}' as a valid ${name}`);
    return value;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: check,
    parseValue: check,
    parseLiteral(node: ValueNode) {
      if (node.kind !== Kind.STRING) throw new TypeError(`${name} must be a string`);
      return check(node.value);
    },
  });
}

const AWSDate = stringScalar('AWSDate', 'YYYY-MM-DD with an optional offset', (v) => AWS_DATE.test(v) && calendarDateIsReal(v));
const AWSTime = stringScalar('AWSTime', 'hh:mm[:ss[.sss]] with an optional offset', (v) => AWS_TIME.test(v));
const AWSDateTime = stringScalar(
  'AWSDateTime',
  'YYYY-MM-DDThh:mm[:ss[.sss]] with a mandatory offset',
  (v) => AWS_DATE_TIME.test(v) && calendarDateIsReal(v),
);
const AWSEmail = stringScalar('AWSEmail', 'an e-mail address', (v) => v.length <= 254 && AWS_EMAIL.test(v));
const AWSURL = stringScalar('AWSURL', 'a URL with a scheme', isAwsUrl);
const AWSPhone = stringScalar('AWSPhone', 'a phone number', (v) => AWS_PHONE.test(v));
const AWSIPAddress = stringScalar('AWSIPAddress', 'an IPv4 or IPv6 address', (v) => isIP(v.split('/')[0]) !== 0);

const AWSTimestamp = new GraphQLScalarType({
  name: 'AWSTimestamp',
  description: 'seconds since the epoch',
  serialize(value) {
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw new TypeError(`Unable to serialize '${String(value)}' as AWSTimestamp`);
    return value;
  },
  parseValue(value) {
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw new TypeError(`Unable to parse '${String(value)}' as a valid AWSTimestamp`);
    return value;
  },
  parseLiteral(node) {
    if (node.kind !== Kind.INT) throw new TypeError('AWSTimestamp must be an integer');
    return Number(node.value);
  },
});

/** AWSJSON arrives as a JSON string and reaches resolvers parsed; results go back out as a string. */
const AWSJSON = new GraphQLScalarType({
  name: 'AWSJSON',
  description: 'a JSON document, as a string',
  serialize(value) {
    return typeof value === 'string' ? value : JSON.stringify(value);
  },
  parseValue(value) {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      throw new TypeError(`Unable to parse '${value}' as valid JSON`);
    }
  },
  parseLiteral(node) {
    if (node.kind !== Kind.STRING) throw new TypeError('AWSJSON must be a string');
    try {
      return JSON.parse(node.value);
    } catch {
      throw new TypeError(`Unable to parse '${node.value}' as valid JSON`);
    }
  },
});

export const AWS_SCALARS: Record<string, GraphQLScalarType> = {
  AWSDate,
  AWSTime,
  AWSDateTime,
  AWSTimestamp,
  AWSEmail,
  AWSJSON,
  AWSURL,
  AWSPhone,
  AWSIPAddress,
};
