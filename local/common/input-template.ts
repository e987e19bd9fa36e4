const PLACEHOLDER = /<([^<>\s]+)>/g;

/** What a placeholder becomes: a value (rendered for where it stands), JSON text as it is, or nothing (left as written). */
type Replacement = { value: unknown } | { json: string } | null;

/**
 * Fills `<name>` placeholders the way EventBridge does. In a JSON template, a placeholder inside a string literal
 * takes a string's characters (escaped for JSON) or another value's JSON text (escaped), and one outside a string
 * takes the value's JSON (strings quoted; a path that selected nothing gives null). A template that is not JSON
 * is text: values go in as they are. Unknown names stay as written.
 */
export function fillTemplate(template: string, lookup: (name: string) => Replacement): string {
  const isJson = isJsonTemplate(template);
  let output = '';
  let inString = false;
  for (let index = 0; index < template.length; index++) {
    const char = template[index];
    if (char === '\\' && inString) {
      output += char + (template[index + 1] ?? '');
      index += 1;
      continue;
    }
    if (char === '"') inString = !inString;
    if (char === '<') {
      PLACEHOLDER.lastIndex = index;
      const match = PLACEHOLDER.exec(template);
      const replacement = match && match.index === index ? lookup(match[1]) : null;
      if (match && match.index === index && replacement) {
        output += render(replacement, isJson, inString);
        index += match[0].length - 1;
        continue;
      }
    }
    output += char;
  }
  return output;
}

function render(replacement: Exclude<Replacement, null>, isJson: boolean, inString: boolean): string {
  if ('json' in replacement) return replacement.json;
  const { value } = replacement;
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  if (!isJson) return typeof value === 'string' ? value : text;
  if (inString) return JSON.stringify(text).slice(1, -1);
  return JSON.stringify(value ?? null);
}

function isJsonTemplate(template: string): boolean {
  try {
    JSON.parse(template.replace(PLACEHOLDER, 'null'));
    return true;
  } catch {
    return false;
  }
}
