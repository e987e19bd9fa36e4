/**
 * String encoders with the semantics of the Java libraries AppSync is built on
 * (commons-lang escapeEcmaScript, java.net.URLEncoder/URLDecoder), not the browser ones.
 */
import { UtilUsageError } from '../signals.js';

const ECMASCRIPT_ESCAPES: Record<string, string> = {
  "'": "\\'",
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\n': '\\n',
  '\t': '\\t',
  '\f': '\\f',
  '\r': '\\r',
};

function unicodeEscape(codeUnit: number): string {
  return '\\u' + codeUnit.toString(16).toUpperCase().padStart(4, '0');
}

export function escapeJavaScript(value: string): string {
  const input = String(value);
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    const code = input.charCodeAt(i);
    const named = ECMASCRIPT_ESCAPES[ch];
    if (named !== undefined) out += named;
    // everything outside printable ASCII becomes \uXXXX (surrogate pairs escaped unit by unit, like Java)
    else if (code < 32 || code > 0x7f) out += unicodeEscape(code);
    else out += ch;
  }
  return out;
}

/** java.net.URLEncoder with UTF-8: only [A-Za-z0-9.*_-] survive, space becomes '+'. */
export function urlEncode(value: string): string {
  const bytes = Buffer.from(String(value), 'utf8');
  let out = '';
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9.*_-]/.test(ch)) out += ch;
    else if (byte === 0x20) out += '+';
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** java.net.URLDecoder: '+' is a space, malformed escapes are an error. */
export function urlDecode(value: string): string {
  const input = String(value);
  const bytes: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (ch === '+') bytes.push(0x20);
    else if (ch === '%') {
      const hex = input.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        throw new UtilUsageError(`URLDecoder: Illegal hex characters in escape (%) pattern - ${hex}`);
      }
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      const codePoint = input.codePointAt(i)!;
      const char = String.fromCodePoint(codePoint);
      bytes.push(...Buffer.from(char, 'utf8'));
      i += char.length - 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export function base64Encode(value: string): string {
  return Buffer.from(String(value), 'utf8').toString('base64');
}

export function base64Decode(value: string): string {
  return Buffer.from(String(value), 'base64').toString('utf8');
}
