/**
 * util.xml: a small XML reader producing the usual XML→JSON mapping: element names become keys,
 * repeated elements become lists, attributes become members, text beside attributes or children
 * goes under "content", and scalar text is typed (numbers, booleans, null) as AppSync does
 * (`<id>1</id>` → `"id": 1`). Invalid XML yields null.
 */
type XmlValue = string | number | boolean | null | XmlObject | XmlValue[];
interface XmlObject {
  [key: string]: XmlValue;
}

class XmlSyntaxError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, ref: string) => {
    if (ref[0] === '#') return String.fromCodePoint(ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? whole;
  });
}

function typed(text: string): XmlValue {
  const trimmed = text.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed === 'null') return null;
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(trimmed) && Number.isFinite(Number(trimmed))) return Number(trimmed);
  return text;
}

function addMember(target: XmlObject, key: string, value: XmlValue): void {
  if (!Object.hasOwn(target, key)) target[key] = value;
  else if (Array.isArray(target[key])) target[key].push(value);
  else target[key] = [target[key], value];
}

class XmlReader {
  private pos = 0;
  constructor(private readonly xml: string) {}

  document(): XmlObject {
    const root: XmlObject = {};
    this.skipMisc();
    while (this.pos < this.xml.length) {
      const [name, value] = this.element();
      addMember(root, name, value);
      this.skipMisc();
    }
    return root;
  }

  private skipMisc(): void {
    for (;;) {
      const rest = this.xml.slice(this.pos);
      const ws = /^\s+/.exec(rest);
      if (ws) this.pos += ws[0].length;
      else if (rest.startsWith('<?')) this.skipPast('?>');
      else if (rest.startsWith('<!--')) this.skipPast('-->');
      else if (rest.startsWith('<!DOCTYPE')) this.skipPast('>');
      else return;
    }
  }

  private skipPast(marker: string): void {
    const end = this.xml.indexOf(marker, this.pos);
    if (end < 0) throw new XmlSyntaxError(`unterminated ${marker}`);
    this.pos = end + marker.length;
  }

  private element(): [string, XmlValue] {
    const open = /^<([A-Za-z_][\w.:-]*)/.exec(this.xml.slice(this.pos));
    if (!open) throw new XmlSyntaxError(`element expected at ${this.pos}`);
    const name = open[1];
    this.pos += open[0].length;
    const node: XmlObject = {};
    const attr = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/;
    for (let m = attr.exec(this.xml.slice(this.pos)); m; m = attr.exec(this.xml.slice(this.pos))) {
      addMember(node, m[1], typed(decodeEntities(m[3] ?? m[4])));
      this.pos += m[0].length;
    }
    const close = /^\s*(\/?)>/.exec(this.xml.slice(this.pos));
    if (!close) throw new XmlSyntaxError(`malformed tag <${name}>`);
    this.pos += close[0].length;
    if (close[1]) return [name, Object.keys(node).length ? node : ''];
    let text = '';
    for (;;) {
      if (this.pos >= this.xml.length) throw new XmlSyntaxError(`unclosed <${name}>`);
      const rest = this.xml.slice(this.pos);
      if (rest.startsWith('</')) {
        const end = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(rest);
        if (!end || end[1] !== name) throw new XmlSyntaxError(`mismatched closing tag for <${name}>`);
        this.pos += end[0].length;
        break;
      }
      if (rest.startsWith('<![CDATA[')) {
        const end = this.xml.indexOf(']]>', this.pos);
        if (end < 0) throw new XmlSyntaxError('unterminated CDATA');
        text += this.xml.slice(this.pos + 9, end);
        this.pos = end + 3;
      } else if (rest.startsWith('<!--')) this.skipPast('-->');
      else if (rest.startsWith('<')) {
        const [childName, childValue] = this.element();
        addMember(node, childName, childValue);
      } else {
        const next = this.xml.indexOf('<', this.pos);
        text += decodeEntities(this.xml.slice(this.pos, next < 0 ? undefined : next));
        this.pos = next < 0 ? this.xml.length : next;
      }
    }
    if (Object.keys(node).length === 0) return [name, typed(text)];
    if (text.trim()) addMember(node, 'content', typed(text.trim()));
    return [name, node];
  }
}

function toMap(xml: string): XmlObject | null {
  try {
    return new XmlReader(String(xml)).document();
  } catch (e) {
    if (e instanceof XmlSyntaxError) return null;
    throw e;
  }
}

export const xml = {
  toMap,
  toJsonString(source: string, stringEncode?: boolean): string {
    const json = JSON.stringify(toMap(source));
    return stringEncode ? JSON.stringify(json) : json;
  },
};
