import { InvalidEventPatternError } from './errors.js';

/**
 * Pull-based JSON tokenizer for pattern text.
 *
 * Why not JSON.parse: AWS compiles a pattern while streaming through it (Jackson + event-ruler), so
 *  - a semantic error that comes before a syntax error in the text is the one reported,
 *  - a repeated key is applied in order (the later one overrides, sibling paths of both survive),
 *  - malformed JSON is reported with Jackson's wording, which is what AWS echoes back.
 */
export type JsonToken =
  | 'startObject'
  | 'endObject'
  | 'startArray'
  | 'endArray'
  | 'fieldName'
  | 'string'
  | 'number'
  | 'true'
  | 'false'
  | 'null'
  /** No more tokens: the root value is complete (anything after it is never read, as with AWS). */
  | 'end';

type Expectation = 'value' | 'firstFieldOrEnd' | 'field' | 'commaOrEnd' | 'firstValueOrEnd';

export interface ReaderMark {
  readonly offset: number;
  readonly containers: readonly Container[];
  readonly expectation: Expectation;
  readonly rootDone: boolean;
  readonly currentToken: JsonToken | null;
  readonly currentText: string;
}

interface Container {
  readonly kind: 'object' | 'array';
  readonly startOffset: number;
}

const VALUE_EXPECTED = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
/** Jackson echoes at most this many characters of the source in a location. */
const MAX_ECHOED_SOURCE = 500;

export class JsonTokenReader {
  private offset = 0;
  private readonly containers: Container[] = [];
  private expectation: Expectation = 'value';
  private rootDone = false;
  private currentToken: JsonToken | null = null;
  /** Field name, string content or number text of the current token. */
  private currentText = '';

  constructor(private readonly source: string) {}

  get token(): JsonToken | null {
    return this.currentToken;
  }

  /** Field name, string value or number literal of the current token. */
  get text(): string {
    return this.currentText;
  }

  /** What Jackson's getText() gives for the current token; AWS puts it in some messages. */
  get tokenText(): string {
    switch (this.currentToken) {
      case 'startObject':
        return '{';
      case 'endObject':
        return '}';
      case 'startArray':
        return '[';
      case 'endArray':
        return ']';
      case 'true':
      case 'false':
      case 'null':
        return this.currentToken;
      default:
        return this.currentText;
    }
  }

  /** Remembers the position so a speculative read (an `$or` that may be an ordinary field) can be undone. */
  mark(): ReaderMark {
    return {
      offset: this.offset,
      containers: [...this.containers],
      expectation: this.expectation,
      rootDone: this.rootDone,
      currentToken: this.currentToken,
      currentText: this.currentText,
    };
  }

  reset(mark: ReaderMark): void {
    this.offset = mark.offset;
    this.containers.splice(0, this.containers.length, ...mark.containers);
    this.expectation = mark.expectation;
    this.rootDone = mark.rootDone;
    this.currentToken = mark.currentToken;
    this.currentText = mark.currentText;
  }

  next(): JsonToken {
    this.currentToken = this.readToken();
    return this.currentToken;
  }

  private readToken(): JsonToken {
    if (this.rootDone) return 'end';
    this.skipWhitespace();
    const container = this.containers[this.containers.length - 1];
    if (this.offset >= this.source.length) {
      if (container === undefined) return 'end';
      this.failEndOfInput(container);
    }
    const ch = this.source[this.offset];

    switch (this.expectation) {
      case 'firstFieldOrEnd':
        if (ch === '}') return this.closeContainer('endObject');
        return this.readFieldName();
      case 'field':
        return this.readFieldName();
      case 'firstValueOrEnd':
        if (ch === ']') return this.closeContainer('endArray');
        return this.readValue();
      case 'commaOrEnd':
        if (container.kind === 'object') {
          if (ch === '}') return this.closeContainer('endObject');
          if (ch !== ',') this.failUnexpected(ch, 'was expecting comma to separate Object entries');
          this.offset++;
          return this.readFieldName();
        }
        if (ch === ']') return this.closeContainer('endArray');
        if (ch !== ',') this.failUnexpected(ch, 'was expecting comma to separate Array entries');
        this.offset++;
        this.skipWhitespace();
        return this.readValue();
      case 'value':
        return this.readValue();
    }
  }

  private readFieldName(): JsonToken {
    this.skipWhitespace();
    const container = this.containers[this.containers.length - 1];
    if (this.offset >= this.source.length) this.failEndOfInput(container);
    const ch = this.source[this.offset];
    if (ch !== '"') this.failUnexpected(ch, 'was expecting double-quote to start field name');
    this.currentText = this.readStringBody();
    this.skipWhitespace();
    if (this.offset >= this.source.length) this.failEndOfInput(container);
    const separator = this.source[this.offset];
    if (separator !== ':') this.failUnexpected(separator, 'was expecting a colon to separate field name and value');
    this.offset++;
    this.expectation = 'value';
    return 'fieldName';
  }

  private readValue(): JsonToken {
    // At the root, end of input was already handled by readToken.
    if (this.offset >= this.source.length) this.failEndOfInput(this.containers[this.containers.length - 1]);
    const ch = this.source[this.offset];
    if (ch === '{' || ch === '[') {
      this.containers.push({ kind: ch === '{' ? 'object' : 'array', startOffset: this.offset });
      this.offset++;
      this.expectation = ch === '{' ? 'firstFieldOrEnd' : 'firstValueOrEnd';
      return ch === '{' ? 'startObject' : 'startArray';
    }
    let token: JsonToken;
    if (ch === '"') {
      this.currentText = this.readStringBody();
      token = 'string';
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      this.currentText = this.readNumber();
      token = 'number';
    } else if (ch === 't' || ch === 'f' || ch === 'n') {
      token = this.readLiteral();
    } else if (isIdentifierStart(ch)) {
      this.failUnrecognizedToken();
    } else {
      this.failUnexpected(ch, `expected a valid value ${VALUE_EXPECTED}`);
    }
    this.afterValue();
    return token;
  }

  private closeContainer(token: 'endObject' | 'endArray'): JsonToken {
    this.offset++;
    this.containers.pop();
    this.afterValue();
    return token;
  }

  private afterValue(): void {
    if (this.containers.length === 0) this.rootDone = true;
    else this.expectation = 'commaOrEnd';
  }

  private readLiteral(): JsonToken {
    for (const literal of ['true', 'false', 'null'] as const) {
      if (this.source.startsWith(literal, this.offset)) {
        const after = this.source[this.offset + literal.length];
        if (after !== undefined && isIdentifierPart(after)) break;
        this.offset += literal.length;
        return literal;
      }
    }
    this.failUnrecognizedToken();
  }

  private readStringBody(): string {
    const source = this.source;
    let i = this.offset + 1;
    let out = '';
    let runStart = i;
    for (;;) {
      if (i >= source.length) this.fail('Unexpected end-of-input: was expecting closing quote for a string value');
      const code = source.charCodeAt(i);
      if (code === 0x22) break;
      if (code < 0x20) {
        this.offset = i;
        this.fail(
          `Illegal unquoted character (${describeChar(source[i])}): has to be escaped using backslash to be included in string value`,
        );
      }
      if (code !== 0x5c) {
        i++;
        continue;
      }
      out += source.slice(runStart, i);
      const escaped = source[i + 1];
      if (escaped === undefined) this.fail('Unexpected end-of-input in character escape sequence');
      const simple = SIMPLE_ESCAPES[escaped];
      if (simple !== undefined) {
        out += simple;
        i += 2;
      } else if (escaped === 'u') {
        const hex = source.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          this.fail('Unexpected character in Unicode escape: was expecting a hex-digit for character escape sequence');
        }
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else {
        this.offset = i + 1;
        this.fail(`Unrecognized character escape ${describeChar(escaped)}`);
      }
      runStart = i;
    }
    out += source.slice(runStart, i);
    this.offset = i + 1;
    return out;
  }

  private readNumber(): string {
    const source = this.source;
    const start = this.offset;
    let i = start;
    if (source[i] === '-') {
      i++;
      if (!isDigit(source[i])) {
        this.offset = i;
        this.failInNumber(source[i], 'expected digit (0-9) to follow minus sign, for valid numeric value');
      }
    }
    if (source[i] === '0' && isDigit(source[i + 1])) {
      this.offset = i;
      this.fail('Invalid numeric value: Leading zeroes not allowed');
    }
    while (isDigit(source[i])) i++;
    if (source[i] === '.') {
      i++;
      if (!isDigit(source[i])) {
        this.offset = i;
        this.failInNumber(source[i], 'Decimal point not followed by a digit');
      }
      while (isDigit(source[i])) i++;
    }
    if (source[i] === 'e' || source[i] === 'E') {
      i++;
      if (source[i] === '+' || source[i] === '-') i++;
      if (!isDigit(source[i])) {
        this.offset = i;
        this.failInNumber(source[i], 'Exponent indicator not followed by a digit');
      }
      while (isDigit(source[i])) i++;
    }
    this.offset = i;
    return source.slice(start, i);
  }

  private skipWhitespace(): void {
    const source = this.source;
    let i = this.offset;
    while (i < source.length) {
      const c = source.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
    this.offset = i;
  }

  private failUnrecognizedToken(): never {
    let end = this.offset;
    while (end < this.source.length && isIdentifierPart(this.source[end])) end++;
    const token = this.source.slice(this.offset, Math.max(end, this.offset + 1));
    this.offset = end;
    this.fail(`Unrecognized token '${token}': was expecting ${VALUE_EXPECTED}`);
  }

  private failUnexpected(ch: string, expectation: string): never {
    this.fail(`Unexpected character (${describeChar(ch)}): ${expectation}`);
  }

  private failInNumber(ch: string | undefined, problem: string): never {
    if (ch === undefined) this.fail(`Unexpected end-of-input in a number value`);
    this.fail(`Unexpected character (${describeChar(ch)}) in numeric value: ${problem}`);
  }

  private failEndOfInput(container: Container): never {
    const kind = container.kind === 'object' ? 'Object' : 'Array';
    this.fail(`Unexpected end-of-input: expected close marker for ${kind} (start marker at ${this.location(container.startOffset)})`);
  }

  /** Jackson's location text, e.g. `[Source: (String)"{..."; line: 1, column: 2]`. */
  private location(offset: number): string {
    const before = this.source.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const echoed =
      this.source.length > MAX_ECHOED_SOURCE
        ? `"${this.source.slice(0, MAX_ECHOED_SOURCE)}"[truncated ${this.source.length - MAX_ECHOED_SOURCE} chars]`
        : `"${this.source}"`;
    return `[Source: (String)${echoed}; line: ${line}, column: ${column}]`;
  }

  private fail(reason: string): never {
    throw new InvalidEventPatternError(reason);
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** Approximates Java's Character.isJavaIdentifierStart/Part, which Jackson uses to delimit a bad token. */
function isIdentifierStart(ch: string): boolean {
  return /[\p{L}\p{Nl}\p{Sc}\p{Pc}]/u.test(ch);
}

function isIdentifierPart(ch: string): boolean {
  return /[\p{L}\p{N}\p{Sc}\p{Pc}\p{Mn}\p{Mc}]/u.test(ch);
}

/** Jackson's `_getCharDesc`: `'x' (code 120)`, or `(CTRL-CHAR, code 10)` for control characters. */
function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `(CTRL-CHAR, code ${code})`;
  if (code > 255) return `'${String.fromCodePoint(code)}' (code ${code} / 0x${code.toString(16)})`;
  return `'${ch}' (code ${code})`;
}
