import type { Node, Tree } from 'web-tree-sitter';
import { canonicalQualifiedName } from './flaskKnowledge';
import type { FlaskModel } from './model';
import { detectEol } from './positions';
import type { TextEdit } from './rule';
import { isFileHeaderLine, namedChildren, undecorated } from './syntax';

/** Edit helpers the rules share, so every fix writes imports and indentation the same way. */

export function replaceNode(node: Node, newText: string): TextEdit {
  return { range: { start: node.startIndex, end: node.endIndex }, newText };
}

/** The indentation unit per parse: FLK501 asks for it once per finding. */
const indentUnits = new WeakMap<Tree, string>();

/**
 * The file's indentation unit. With the module's root node, it is read from the first top-level
 * block (the body of a def, class or if), since lines inside multi-line strings are indented as
 * content, not code. Otherwise: a tab if lines are tab-indented, else the narrowest space
 * indent, four by default.
 */
export function indentUnit(text: string, root?: Node): string {
  if (!root) return indentOfLines(text);
  let unit = indentUnits.get(root.tree);
  if (unit === undefined) indentUnits.set(root.tree, (unit = indentOfFirstBlock(text, root) ?? indentOfLines(text)));
  return unit;
}

/** The indentation of the first top-level block's first statement, found with a cursor (root.namedChild(i) costs i). */
function indentOfFirstBlock(text: string, root: Node): string | undefined {
  const cursor = root.walk();
  try {
    for (let more = cursor.gotoFirstChild(); more; more = cursor.gotoNextSibling()) {
      if (!cursor.nodeIsNamed) continue;
      const statement = cursor.currentNode;
      const definition = undecorated(statement);
      const block = definition?.childForFieldName('body') ?? definition?.childForFieldName('consequence');
      const first = block && namedChildren(block).find((n) => n.type !== 'comment');
      if (first && first.startPosition.row > statement.startPosition.row) {
        const indent = lineIndentAt(text, first.startIndex);
        if (indent !== '') return indent.startsWith('\t') ? '\t' : indent;
      }
    }
  } finally {
    cursor.delete();
  }
  return undefined;
}

function indentOfLines(text: string): string {
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

/** A leading import, as plain offsets: `start` includes the whole-line comments directly above it. */
interface LeadingImport {
  from: boolean;
  module: string;
  start: number;
  end: number;
  statement: Node;
}

/** Where a new import may go: the module's leading imports, and the end of its docstring or `__future__` imports. */
interface ImportSite {
  imports: LeadingImport[];
  headerEnd: number | undefined;
}

/**
 * Scans the module's leading statements with a cursor, stopping at the first one that is neither
 * an import nor a docstring or `__future__` import: the cost is the header's, not the module's.
 */
function importSite(model: FlaskModel): ImportSite {
  const site: ImportSite = { imports: [], headerEnd: undefined };
  /** The whole-line comments directly above the statement being scanned: they belong to it. */
  let comments: { start: number; endRow: number } | undefined;
  const cursor = model.root.walk();
  try {
    for (let more = cursor.gotoFirstChild(); more; more = cursor.gotoNextSibling()) {
      if (!cursor.nodeIsNamed) continue;
      const statement = cursor.currentNode;
      const row = statement.startPosition.row;
      if (statement.type === 'comment') {
        // A shebang or a PEP 263 coding line must stay on the first lines, above anything inserted.
        if (isFileHeaderLine(statement.text, row)) {
          comments = undefined;
          continue;
        }
        const adjacent = comments !== undefined && comments.endRow === row - 1;
        comments = statement.startPosition.column !== 0 ? undefined : { start: adjacent ? comments!.start : statement.startIndex, endRow: statement.endPosition.row };
        continue;
      }
      const start = comments?.endRow === row - 1 ? comments.start : statement.startIndex;
      comments = undefined;
      // `"a" "b"` is a docstring too: `from __future__` imports may follow it, and must stay first after it.
      const first = statement.namedChild(0)?.type;
      const isDocstring = site.headerEnd === undefined && site.imports.length === 0 && statement.type === 'expression_statement' && (first === 'string' || first === 'concatenated_string');
      if (statement.type === 'import_statement' || statement.type === 'import_from_statement') {
        site.imports.push({ from: statement.type === 'import_from_statement', module: importedModule(statement), start, end: statement.endIndex, statement });
      } else if (isDocstring || statement.type === 'future_import_statement') {
        site.headerEnd = statement.endIndex;
      } else {
        break;
      }
    }
  } finally {
    cursor.delete();
  }
  return site;
}

/** The end of the module's leading imports (where code that needs them may follow), or undefined when it has none. */
export function leadingImportsEnd(model: FlaskModel): number | undefined {
  const { imports } = importSite(model);
  return imports.length > 0 ? imports[imports.length - 1]!.end : undefined;
}

/**
 * An edit that adds `import <module>` (a stdlib module) where isort would put it; nothing when the
 * module is already imported. Among the leading imports: before the first stdlib `from` import or
 * the first stdlib `import` that sorts after it, else after the last stdlib import; with no
 * stdlib imports, before the first third-party/local import as a section of its own. With no
 * imports at all: after the docstring and `__future__` imports, or at the top.
 */
export function ensureImport(model: FlaskModel, text: string, module: string): readonly TextEdit[] {
  if (hasModuleImport(model, module)) return [];
  let byModule = importEdits.get(model);
  if (!byModule) importEdits.set(model, (byModule = new Map()));
  let edits = byModule.get(module);
  if (!edits) byModule.set(module, (edits = importEdit(model, text, module)));
  return edits;
}

/** Per analysis (one model, one tree, one text), the import edits already worked out: fixes ask for them by the thousand. */
const importEdits = new WeakMap<FlaskModel, Map<string, readonly TextEdit[]>>();

function importEdit(model: FlaskModel, text: string, module: string): TextEdit[] {
  const eol = detectEol(text);
  const line = `import ${module}${eol}`;
  const { imports, headerEnd } = importSite(model);
  const stdlib = imports.filter((s) => STDLIB_MODULES.has(s.module));
  if (stdlib.length > 0) {
    // isort's default order within a section: plain `import`s by module, then `from` imports.
    const after = stdlib.find((s) => s.from || s.module.toLowerCase() > module);
    if (after) return [insertAt(startOfLine(text, after.start), line)];
    return [insertAt(endOfLine(text, stdlib[stdlib.length - 1]!.end), line, text, eol)];
  }
  if (imports.length > 0) return [insertAt(startOfLine(text, imports[0]!.start), line + eol)];
  if (headerEnd !== undefined) return [importBeforeCode(text, endOfLine(text, headerEnd), line, eol)];
  // Keep a shebang or encoding comment on the first lines.
  return ensureImportAtTop(text, line);
}

/**
 * Edits that bind `name` from `module` (`from flask import g`): nothing when the module binds it so
 * already; the name added to a leading `from <module> import ...`, in Ruff's member order; else a
 * new line where isort puts a third-party `from` import among the leading imports.
 */
export function ensureFromImport(model: FlaskModel, text: string, module: string, name: string): readonly TextEdit[] {
  const bound = model.imports.get(name);
  if (bound?.module === module && bound.name === name) return [];
  const { imports, headerEnd } = importSite(model);
  const existing = imports.find((s) => s.from && s.statement.childForFieldName('module_name')?.text === module && s.statement.childrenForFieldName('name').length > 0);
  if (existing) return [addImportedName(text, existing.statement, name)];
  const eol = detectEol(text);
  const line = `from ${module} import ${name}${eol}`;
  const thirdParty = imports.filter((s) => s.module !== '' && !STDLIB_MODULES.has(s.module));
  if (thirdParty.length > 0) {
    // isort's default order within a section: plain `import`s, then `from` imports by module.
    const after = thirdParty.find((s) => s.from && moduleOf(s.statement).toLowerCase() > module.toLowerCase());
    if (after) return [insertAt(startOfLine(text, after.start), line)];
    return [insertAt(endOfLine(text, thirdParty[thirdParty.length - 1]!.end), line, text, eol)];
  }
  const stdlib = imports.filter((s) => STDLIB_MODULES.has(s.module));
  if (stdlib.length > 0) return [insertAt(endOfLine(text, stdlib[stdlib.length - 1]!.end), eol + line, text, eol)];
  if (imports.length > 0) return [insertAt(startOfLine(text, imports[0]!.start), line + eol)];
  if (headerEnd !== undefined) return [importBeforeCode(text, endOfLine(text, headerEnd), line, eol)];
  return ensureImportAtTop(text, line);
}

function moduleOf(statement: Node): string {
  return statement.childForFieldName('module_name')?.text ?? '';
}

/** Ruff's default member order (`order-by-type`): CONSTANTS, then Classes, then the rest, each by name. */
function memberKey(name: string): string {
  const rank = name.length > 1 && name === name.toUpperCase() && /[A-Z]/.test(name) ? 0 : /^[A-Z]/.test(name) ? 1 : 2;
  return `${rank}${name.toLowerCase()}`;
}

/**
 * `name` added to a `from m import a, b` statement where isort puts it (constants, then classes,
 * then the rest, each alphabetically): before the first member that sorts after it, on a line of
 * its own when the members stand one per line.
 */
export function addImportedName(text: string, statement: Node, name: string): TextEdit {
  const members = statement.childrenForFieldName('name');
  const next = members.find((m) => memberKey((m.childForFieldName('name') ?? m).text) > memberKey(name));
  // The member the new one goes beside, and whether that member starts its own line.
  const beside = next ?? members[members.length - 1]!;
  const previous = members[members.indexOf(beside) - 1];
  const ownLine = previous ? previous.endPosition.row < beside.startPosition.row : beside.startPosition.row > statement.startPosition.row;
  const separator = ownLine ? `,${detectEol(text)}${lineIndentAt(text, beside.startIndex)}` : ', ';
  return next ? insertAt(next.startIndex, name + separator) : insertAt(beside.endIndex, separator + name);
}

/** An insertion below the first lines' comments (a shebang, an encoding), or at the top. */
function ensureImportAtTop(text: string, line: string): TextEdit[] {
  let offset = 0;
  while (offset < text.length && text.startsWith('#', offset)) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return [insertAt(text.length, detectEol(text) + line)];
    offset = next + 1;
  }
  return [importBeforeCode(text, offset, line, detectEol(text))];
}

/**
 * The first import of a module, inserted at `offset` (after its header): a blank line between it
 * and code that follows at once, as isort leaves one (Ruff's I001 would flag the block otherwise).
 */
function importBeforeCode(text: string, offset: number, line: string, eol: string): TextEdit {
  const codeFollows = offset < text.length && text[offset] !== '\n' && text[offset] !== '\r';
  return insertAt(offset, codeFollows ? line + eol : line, text, eol);
}

/** An insertion at `offset`; at the end of a text without a final line break, that break comes first. */
export function insertAt(offset: number, newText: string, text?: string, eol?: string): TextEdit {
  const needsBreak = text !== undefined && offset === text.length && !text.endsWith('\n');
  return { range: { start: offset, end: offset }, newText: needsBreak ? eol! + newText : newText };
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

/**
 * How module-level code reaches `module.name` (`flask.Blueprint`), and the edits that make it
 * reachable: an existing import of it, the name added to a `from module import ...` in isort's
 * order, `module.name` after `import module`, or a new `from module import name` after the
 * leading imports. Undefined when the name is already bound to something else.
 */
export function reachImportedName(model: FlaskModel, text: string, module: string, name: string): { expression: string; edits: TextEdit[] } | undefined {
  const scope = model.semantic.module;
  const qualified = `${module}.${name}`;
  const current = (local: string) => scope.bindings(local).at(-1);
  for (const binding of scope.all()) {
    if (binding.kind === 'import' && binding.qualifiedName && canonicalQualifiedName(binding.qualifiedName) === qualified && current(binding.name) === binding) {
      return { expression: binding.name, edits: [] };
    }
  }
  if (scope.bindings(name).length === 0) {
    const statement = model.moduleStatements.find(
      (s) => s.type === 'import_from_statement' && s.parent?.type === 'module' && s.childForFieldName('module_name')?.text === module && s.childrenForFieldName('name').length > 0,
    );
    if (statement) return { expression: name, edits: [addImportedName(text, statement, name)] };
  }
  const moduleImport = [...model.imports.values()].find((b) => b.module === module && b.name === undefined && current(b.local)?.kind === 'import');
  if (moduleImport) return { expression: `${moduleImport.local}.${name}`, edits: [] };
  if (scope.bindings(name).length > 0) return undefined;
  const { imports, headerEnd } = importSite(model);
  const line = `from ${module} import ${name}${detectEol(text)}`;
  const last = imports.at(-1);
  const at = last ? last.end : headerEnd;
  return { expression: name, edits: [at === undefined ? insertAt(0, line) : insertAt(endOfLine(text, at), line, text, detectEol(text))] };
}

