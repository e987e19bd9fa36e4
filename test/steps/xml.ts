/** XML checks for tests: no XML parser is a dependency, and well-formedness is all the tests need. */

/**
 * Whether a text is one well-formed XML document: a declaration at most, then one root element whose tags nest
 * and close, attributes quoted, and only the five predefined entities or character references.
 */
export function isWellFormedXml(text: string): boolean {
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, '');
  const token = /<\/?([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  const open: string[] = [];
  let roots = 0;
  let index = 0;
  for (let match = token.exec(body); match; match = token.exec(body)) {
    index = token.lastIndex;
    const [whole, name, , selfClosing, text] = match;
    if (text !== undefined) {
      if (!open.length && text.trim()) return false;
      if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(text)) return false;
      continue;
    }
    if (whole.startsWith('</')) {
      if (open.pop() !== name) return false;
      continue;
    }
    if (!open.length) roots += 1;
    if (!selfClosing) open.push(name);
  }
  return index === body.length && open.length === 0 && roots === 1;
}
