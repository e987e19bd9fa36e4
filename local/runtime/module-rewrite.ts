/**
 * Turns a validated ESM resolver bundle into the body of a plain function, editing the source in
 * place so every line keeps its number (stack traces then map through the original source map):
 * imports become `const … = __appsync_import("…")`, `export` keywords disappear and the exported
 * bindings are returned, and each for-of / for-in body is prefixed with `__appsync_tick()`, the
 * iteration-budget guard.
 */
import type * as acorn from 'acorn';
import * as walk from 'acorn-walk';

export const IMPORT_FN = '__appsync_import';
export const TICK_FN = '__appsync_tick';

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** A same-line edit, kept so columns of the rewritten code can be mapped back to the bundle. */
interface ColumnEdit {
  line: number;
  /** 0-based column of the edit in the bundle */
  column: number;
  removed: number;
  inserted: number;
}

export interface RewrittenModule {
  /** function body (strict), returning an object of the exported bindings */
  body: string;
  /** maps a 0-based column of the rewritten code on `line` back to the bundle's column */
  originalColumn: (line: number, column: number) => number;
}

function lineStarts(code: string): number[] {
  const starts = [0];
  for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Replacement text that keeps the line count of the replaced range. */
function sameLines(original: string, replacement: string): string {
  return replacement + '\n'.repeat((original.match(/\n/g) ?? []).length);
}

function importReplacement(node: acorn.ImportDeclaration): string {
  const from = `${IMPORT_FN}(${JSON.stringify(String(node.source.value))})`;
  const named: string[] = [];
  const statements: string[] = [];
  for (const spec of node.specifiers) {
    if (spec.type === 'ImportNamespaceSpecifier') statements.push(`const ${spec.local.name} = ${from};`);
    else if (spec.type === 'ImportDefaultSpecifier') statements.push(`const ${spec.local.name} = ${from}.default;`);
    else {
      const imported = spec.imported.type === 'Identifier' ? spec.imported.name : String(spec.imported.value);
      named.push(`${JSON.stringify(imported)}: ${spec.local.name}`);
    }
  }
  if (named.length) statements.push(`const { ${named.join(', ')} } = ${from};`);
  return statements.join(' ') || `${from};`;
}

function declaredNames(declaration: acorn.Declaration): string[] {
  if (declaration.type === 'VariableDeclaration') {
    const names: string[] = [];
    for (const d of declaration.declarations) {
      walk.simple(d.id, { Identifier: (id) => void names.push(id.name) });
    }
    return names;
  }
  return declaration.id ? [declaration.id.name] : [];
}

export function rewriteModule(code: string, program: acorn.Program): RewrittenModule {
  const edits: Edit[] = [];
  const exported = new Map<string, string>(); // exported name → local binding
  for (const node of program.body) {
    if (node.type === 'ImportDeclaration') {
      edits.push({ start: node.start, end: node.end, text: sameLines(code.slice(node.start, node.end), importReplacement(node)) });
    } else if (node.type === 'ExportNamedDeclaration') {
      if (node.declaration) {
        edits.push({ start: node.start, end: node.declaration.start, text: '' });
        for (const name of declaredNames(node.declaration)) exported.set(name, name);
      } else {
        for (const spec of node.specifiers) {
          const local = spec.local.type === 'Identifier' ? spec.local.name : String(spec.local.value);
          const name = spec.exported.type === 'Identifier' ? spec.exported.name : String(spec.exported.value);
          exported.set(name, local);
        }
        edits.push({ start: node.start, end: node.end, text: sameLines(code.slice(node.start, node.end), '') });
      }
    } else if (node.type === 'ExportDefaultDeclaration') {
      const declaration = node.declaration;
      if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) {
        edits.push({ start: node.start, end: declaration.start, text: '' });
        exported.set('default', declaration.id.name);
      } else {
        edits.push({ start: node.start, end: declaration.start, text: 'const __appsync_default = ' });
        exported.set('default', '__appsync_default');
      }
    }
  }
  const guardLoop = (loop: acorn.ForOfStatement | acorn.ForInStatement) => {
    edits.push({ start: loop.body.start, end: loop.body.start, text: `{${TICK_FN}();` });
    edits.push({ start: loop.body.end, end: loop.body.end, text: '}' });
  };
  walk.simple(program, { ForOfStatement: guardLoop, ForInStatement: guardLoop });

  // apply back to front so earlier offsets stay valid; inserts at one offset keep their relative order
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  let body = code;
  for (const edit of edits) body = body.slice(0, edit.start) + edit.text + body.slice(edit.end);
  const returned = [...exported].map(([name, local]) => `${JSON.stringify(name)}: ${local}`).join(', ');
  return { body: `${body}\n;return { ${returned} };`, originalColumn: columnMapper(code, edits) };
}

function columnMapper(code: string, edits: Edit[]): (line: number, column: number) => number {
  const starts = lineStarts(code);
  const byLine = new Map<number, ColumnEdit[]>();
  for (const edit of edits) {
    if (code.slice(edit.start, edit.end).includes('\n') || edit.text.includes('\n')) continue;
    let line = starts.length;
    while (starts[line - 1] > edit.start) line--;
    const entry = { line, column: edit.start - starts[line - 1], removed: edit.end - edit.start, inserted: edit.text.length };
    byLine.set(line, [...(byLine.get(line) ?? []), entry]);
  }
  for (const list of byLine.values()) list.sort((a, b) => a.column - b.column);
  return (line, column) => {
    let shift = 0;
    for (const edit of byLine.get(line) ?? []) {
      if (column < edit.column + shift) break;
      if (column < edit.column + shift + edit.inserted) return edit.column; // inside inserted guard code
      shift += edit.inserted - edit.removed;
    }
    return column - shift;
  };
}
