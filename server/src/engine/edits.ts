import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from './model';
import { detectEol } from './positions';
import type { TextEdit } from './rule';
import { namedChildren } from './syntax';

/** Edit helpers the rules share, so every fix writes imports and indentation the same way. */

export function replaceNode(node: Node, newText: string): TextEdit {
  return { range: { start: node.startIndex, end: node.endIndex }, newText };
}

/**
 * The file's indentation unit. With the tree, it is read from the first top-level block (the
 * body of a def, class or if), since lines inside multi-line strings are indented as content,
 * not code. Otherwise: a tab if lines are tab-indented, else the narrowest space indent, four by default.
 */
export function indentUnit(text: string, root?: Node): string {
  for (let i = 0; root && i < root.namedChildCount; i++) {
    const statement = root.namedChild(i);
    const definition = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    const block = definition?.childForFieldName('body') ?? definition?.childForFieldName('consequence');
    const first = block && namedChildren(block).find((n) => n.type !== 'comment');
    if (statement && first && first.startPosition.row > statement.startPosition.row) {
      const indent = lineIndentAt(text, first.startIndex);
      if (indent !== '') return indent.startsWith('\t') ? '\t' : indent;
    }
  }
  let narrowest = 0;
  for (const match of text.matchAll(/^([ \t]+)[^\s#]/gm)) {
    const indent = match[1]!;
    if (indent.startsWith('\t')) return '\t';
    if (narrowest === 0 || indent.length < narrowest) narrowest = indent.length;
  }
  return narrowest >= 2 && narrowest <= 8 ? ' '.repeat(narrowest) : '    ';
}

/** True when `module` is already bound by `import module` at module scope. */
export function hasModuleImport(model: FlaskModel, module: string): boolean {
  const binding = model.imports.get(module);
  return binding !== undefined && binding.module === module && binding.name === undefined;
}

/**
 * Common standard-library modules, enough to sort a new stdlib import the way isort (Ruff's I001)
 * does. A leading import of a module not listed here counts as third-party or local.
 */
const STDLIB_MODULES = new Set([
  'abc', 'argparse', 'asyncio', 'base64', 'collections', 'contextlib', 'copy', 'csv', 'dataclasses', 'datetime',
  'decimal', 'enum', 'functools', 'glob', 'hashlib', 'hmac', 'html', 'http', 'importlib', 'inspect', 'io',
  'itertools', 'json', 'logging', 'math', 'os', 'pathlib', 'pickle', 'random', 're', 'secrets', 'shutil',
  'signal', 'socket', 'sqlite3', 'string', 'subprocess', 'sys', 'tempfile', 'textwrap', 'threading', 'time',
  'traceback', 'typing', 'unittest', 'urllib', 'uuid', 'warnings', 'zoneinfo',
]);

/** The top-level module a leading import statement names (`os` for `import os.path`); '' for relative imports. */
function importedModule(statement: Node): string {
  const name = statement.type === 'import_from_statement'
    ? statement.childForFieldName('module_name')
    : namedChildren(statement).find((n) => n.type === 'dotted_name' || n.type === 'aliased_import');
  const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name') : name;
  return dotted?.type === 'dotted_name' ? dotted.text.split('.')[0]!.trim() : '';
}

/**
 * An edit that adds `import <module>` (a stdlib module) where isort would put it; nothing when the
 * module is already imported. Among the leading imports: before the first stdlib `from` import or
 * the first stdlib `import` that sorts after it, else after the last stdlib import; with no
 * stdlib imports, before the first third-party/local import as a section of its own. With no
 * imports at all: after the docstring and `__future__` imports, or at the top.
 */
export function ensureImport(model: FlaskModel, text: string, module: string): TextEdit[] {
  if (hasModuleImport(model, module)) return [];
  const eol = detectEol(text);
  const line = `import ${module}${eol}`;
  let header: Node | undefined; // the last docstring or `__future__` import
  const imports: Node[] = [];
  for (const statement of namedChildren(model.root)) {
    if (statement.type === 'comment') continue;
    // `"a" "b"` is a docstring too: `from __future__` imports may follow it, and must stay first after it.
    const first = statement.namedChild(0)?.type;
    const isDocstring = !header && imports.length === 0 && statement.type === 'expression_statement' && (first === 'string' || first === 'concatenated_string');
    if (statement.type === 'import_statement' || statement.type === 'import_from_statement') imports.push(statement);
    else if (isDocstring || statement.type === 'future_import_statement') header = statement;
    else break;
  }
  const stdlib = imports.filter((s) => STDLIB_MODULES.has(importedModule(s)));
  if (stdlib.length > 0) {
    // isort's default order within a section: plain `import`s by module, then `from` imports.
    const after = stdlib.find((s) => s.type === 'import_from_statement' || importedModule(s).toLowerCase() > module);
    if (after) return [insertAt(startOfLine(text, withLeadingComments(after).startIndex), line)];
    return [insertAt(endOfLine(text, stdlib[stdlib.length - 1]!.endIndex), line, text, eol)];
  }
  if (imports.length > 0) return [insertAt(startOfLine(text, withLeadingComments(imports[0]!).startIndex), line + eol)];
  if (header) return [insertAt(endOfLine(text, header.endIndex), line, text, eol)];
  // Keep a shebang or encoding comment on the first lines.
  let offset = 0;
  while (offset < text.length && text.startsWith('#', offset)) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return [insertAt(text.length, eol + line)];
    offset = next + 1;
  }
  return [insertAt(offset, line)];
}

/** An insertion at `offset`; at the end of a text without a final line break, that break comes first. */
function insertAt(offset: number, newText: string, text?: string, eol?: string): TextEdit {
  const needsBreak = text !== undefined && offset === text.length && !text.endsWith('\n');
  return { range: { start: offset, end: offset }, newText: needsBreak ? eol! + newText : newText };
}

/** `statement`, or the first of the whole-line comments directly above it (they belong to it). */
function withLeadingComments(statement: Node): Node {
  let first = statement;
  for (let prev = statement.previousNamedSibling; prev?.type === 'comment'; prev = prev.previousNamedSibling) {
    if (prev.startPosition.column !== 0 || prev.endPosition.row !== first.startPosition.row - 1) break;
    first = prev;
  }
  return first;
}

/** Offset just after the line break that ends the line containing `offset` (or the text's end). */
export function endOfLine(text: string, offset: number): number {
  const lf = text.indexOf('\n', offset);
  const limit = lf < 0 ? text.length : lf;
  // A lone `\r` before the `\n` ends the line first (old Mac line breaks); scan only this line.
  for (let i = offset; i < limit; i++) if (text.charCodeAt(i) === 13 && i + 1 !== lf) return i + 1;
  return lf < 0 ? text.length : lf + 1;
}

/** Offset of the start of the line containing `offset`. */
export function startOfLine(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return start;
}

/** The leading whitespace of the line that contains `offset`. */
export function lineIndentAt(text: string, offset: number): string {
  const start = startOfLine(text, offset);
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}

/** Ranges of string literals that span lines: indentation must not be added inside them. */
export function multilineStrings(node: Node): { start: number; end: number }[] {
  return node
    .descendantsOfType('string')
    .filter((s) => s.startPosition.row !== s.endPosition.row)
    .map((s) => ({ start: s.startIndex, end: s.endIndex }));
}

/**
 * Re-indents the source of whole lines `[start, end)` by `prefix`, leaving lines that begin
 * inside a multi-line string untouched so the string's value does not change.
 */
export function indentLines(text: string, start: number, end: number, prefix: string, keep: { start: number; end: number }[]): string {
  const chunk = text.slice(start, end);
  let out = '';
  let lineStart = 0;
  while (lineStart < chunk.length) {
    const lineEnd = endOfLine(chunk, lineStart);
    const line = chunk.slice(lineStart, lineEnd);
    const absolute = start + lineStart;
    const insideString = keep.some((s) => s.start < absolute && absolute < s.end);
    const blank = line.trim() === '';
    out += insideString || blank ? line : prefix + line;
    lineStart = lineEnd;
  }
  return out;
}

