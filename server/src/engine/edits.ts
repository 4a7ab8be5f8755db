import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from './model';
import { detectEol } from './positions';
import type { TextEdit } from './rule';
import { lineIndentAt, namedChildren } from './syntax';

/** Edit helpers the rules share, so every fix writes imports and indentation the same way. */

export function replaceNode(node: Node, newText: string): TextEdit {
  return { range: { start: node.startIndex, end: node.endIndex }, newText };
}

/** The file's indentation unit: a tab if lines are tab-indented, else the narrowest space indent (four by default). */
export function indentUnit(text: string): string {
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
 * An edit that adds `import <module>` after the module's docstring, `__future__` imports and
 * leading imports; nothing when the module is already imported.
 */
export function ensureImport(model: FlaskModel, text: string, module: string): TextEdit[] {
  if (hasModuleImport(model, module)) return [];
  const eol = detectEol(text);
  let anchor: Node | undefined;
  for (const statement of namedChildren(model.root)) {
    if (statement.type === 'comment') continue;
    // `"a" "b"` is a docstring too: `from __future__` imports may follow it, and must stay first after it.
    const first = statement.namedChild(0)?.type;
    const isDocstring = !anchor && statement.type === 'expression_statement' && (first === 'string' || first === 'concatenated_string');
    if (isDocstring || statement.type === 'import_statement' || statement.type === 'import_from_statement' || statement.type === 'future_import_statement') {
      anchor = statement;
      continue;
    }
    break;
  }
  if (!anchor) {
    // Keep a shebang or encoding comment on the first lines.
    let offset = 0;
    while (offset < text.length && text.startsWith('#', offset)) {
      const next = text.indexOf('\n', offset);
      if (next < 0) return [{ range: { start: text.length, end: text.length }, newText: `${eol}import ${module}${eol}` }];
      offset = next + 1;
    }
    return [{ range: { start: offset, end: offset }, newText: `import ${module}${eol}` }];
  }
  const end = endOfLine(text, anchor.endIndex);
  const newline = end === text.length && !text.endsWith('\n') ? eol : '';
  return [{ range: { start: end, end }, newText: `${newline}import ${module}${eol}` }];
}

/** Offset just after the line break that ends the line containing `offset` (or the text's end). */
export function endOfLine(text: string, offset: number): number {
  const lf = text.indexOf('\n', offset);
  if (lf >= 0) return lf + 1;
  const cr = text.indexOf('\r', offset);
  return cr >= 0 ? cr + 1 : text.length;
}

/** Offset of the start of the line containing `offset`. */
export function startOfLine(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return start;
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
    let lineEnd = chunk.indexOf('\n', lineStart);
    lineEnd = lineEnd < 0 ? chunk.length : lineEnd + 1;
    const line = chunk.slice(lineStart, lineEnd);
    const absolute = start + lineStart;
    const insideString = keep.some((s) => s.start < absolute && absolute < s.end);
    const blank = line.trim() === '';
    out += insideString || blank ? line : prefix + line;
    lineStart = lineEnd;
  }
  return out;
}

export { lineIndentAt };
