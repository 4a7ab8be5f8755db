import type { Node } from 'web-tree-sitter';
import { endOfLine, ensureFromImport, lineIndentAt, startOfLine } from '../../engine/edits';
import { FACTORY_NAMES } from '../../engine/flaskKnowledge';
import type { FlaskModel } from '../../engine/model';
import { detectEol } from '../../engine/positions';
import type { TextEdit } from '../../engine/rule';
import type { Binding } from '../../engine/semantic/semanticModel';
import { namedChildren, statementAssignment } from '../../engine/syntax';
import { freeName, ownsItsLines } from './references';
import { undecorated } from '../../engine/syntax';

/**
 * The Flask-Caching setup a FLK401 fix needs, as the guide writes it: `cache = Cache()` at module
 * level and `cache.init_app(app)` where the app is created (inside the factory when there is one),
 * with `CACHE_TYPE` defaulted when the module sets none. An existing `Cache` is reused. A new one
 * leaves the app's Jinja environment as it was (`with_jinja2_ext=False`): the fix adds no template tag.
 */
export type CacheSetup = { ok: true; name: string; edits: TextEdit[] } | { ok: false; reason: string };

/**
 * Plans the setup for a cache used in `fn`. `container` binds the dict the cache replaces; its
 * statement goes when `removeContainer`. `cache = Cache()` goes after the leading imports.
 */
export function planCacheSetup(model: FlaskModel, text: string, fn: Node, container: Binding, removeContainer: boolean): CacheSetup {
  const statement = container.statement!;
  if (statement.parent?.type !== 'module' || !ownsItsLines(text, statement)) return { ok: false, reason: 'the container is not bound by a statement of its own at module level' };
  const existing = existingCache(model);
  if (existing) {
    if (model.semantic.scopeOf(fn.childForFieldName('body') ?? fn).bindings(existing).length > 0) return { ok: false, reason: `\`${existing}\` means something else in the function` };
    return { ok: true, name: existing, edits: removeContainer ? [removeLines(text, statement)] : [] };
  }
  if (!freeName(model, fn, 'cache')) return { ok: false, reason: 'the name `cache` is taken' };
  const cacheClass = model.semantic.module.bindings('Cache');
  if (cacheClass.some((b) => b.kind !== 'import' || b.qualifiedName !== 'flask_caching.Cache')) return { ok: false, reason: 'the name `Cache` is taken' };

  const eol = detectEol(text);
  const cacheType = /\bCACHE_TYPE\b/.test(text) ? undefined : '"SimpleCache"';
  const init = initAppPlace(model, text);
  if ('reason' in init) return { ok: false, reason: init.reason };
  const lines = [...(cacheType ? [`${init.app}.config.setdefault("CACHE_TYPE", ${cacheType})`] : []), `cache.init_app(${init.app})`];
  // Each edit is the same whichever dict a fix replaces, so the fixes of one module apply together.
  const edits: TextEdit[] = [...ensureFromImport(model, text, 'flask_caching', 'Cache')];
  const definition = startOfLine(text, firstStatementAfterImports(model).startIndex);
  const cache = `cache = Cache(with_jinja2_ext=False)${eol}`;
  // Where the import goes too (a string after the imports is no docstring), one edit puts both in order: two insertions at one point have none.
  const atImport = edits.findIndex((edit) => edit.range.start === definition && edit.range.end === definition);
  if (atImport >= 0) edits[atImport] = { ...edits[atImport]!, newText: edits[atImport]!.newText + cache };
  else edits.push({ range: { start: definition, end: definition }, newText: cache });
  if (removeContainer) edits.push(removeLines(text, statement));
  const at = init.offset;
  const block = lines.map((line) => `${init.indent}${line}`).join(eol);
  edits.push({ range: { start: at, end: at }, newText: at === text.length && !/[\r\n]$/.test(text) ? `${eol}${block}` : `${block}${eol}` });
  return { ok: true, name: 'cache', edits };
}

/** A module-level name bound to `flask_caching.Cache(...)`, which the fix reuses. */
function existingCache(model: FlaskModel): string | undefined {
  for (const name of model.semantic.module.names()) {
    const bindings = model.semantic.module.bindings(name);
    const last = bindings[bindings.length - 1];
    const value = last?.kind === 'assignment' ? last.value : undefined;
    if (value?.type === 'call' && model.qualifiedName(value.childForFieldName('function')) === 'flask_caching.Cache') return name;
  }
  return undefined;
}

/**
 * Where `cache.init_app(app)` goes: before the factory's `return app`, or, for a module-level app,
 * after the last module-level statement that configures it (Flask-Caching reads its config in
 * `init_app`).
 */
function initAppPlace(model: FlaskModel, text: string): { app: string; offset: number; indent: string } | { reason: string } {
  const factory = factoryReturn(model);
  if (factory) return { app: factory.app, offset: startOfLine(text, factory.ret.startIndex), indent: lineIndentAt(text, factory.ret.startIndex) };
  const apps = model.moduleApps.filter((app) => app.origin === 'constructor');
  const app = apps[0];
  if (apps.length !== 1 || !app || app.statement.parent?.type !== 'module') {
    return { reason: apps.length > 1 ? 'the module creates more than one app' : 'the app is created in another module: call `cache.init_app(app)` where it is created' };
  }
  const configures = new RegExp(`(?<![\\w.])${app.name}\\s*\\.\\s*config\\b`);
  let last: Node = app.statement;
  for (const statement of model.topLevel) {
    if (statement.startIndex <= last.startIndex || model.mainGuards.some((guard) => guard.id === statement.id)) continue;
    if (statement.type === 'expression_statement' && configures.test(statement.text)) last = statement;
  }
  return { app: app.name, offset: endOfLine(text, last.endIndex), indent: '' };
}

/** The module's factory (`create_app`) that builds `app = Flask(...)` and ends with `return app`. */
function factoryReturn(model: FlaskModel): { app: string; ret: Node } | undefined {
  for (const statement of model.topLevel) {
    const fn = undecorated(statement);
    if (fn?.type !== 'function_definition' || !FACTORY_NAMES.has(fn.childForFieldName('name')?.text ?? '')) continue;
    const body = namedChildren(fn.childForFieldName('body') ?? fn).filter((n) => n.type !== 'comment');
    const ret = body[body.length - 1];
    const returned = ret?.type === 'return_statement' ? ret.namedChild(0) : null;
    if (returned?.type !== 'identifier') continue;
    const built = body.some((s) => {
      const assignment = statementAssignment(s);
      const value = assignment?.childForFieldName('right');
      return assignment?.childForFieldName('left')?.text === returned.text && value?.type === 'call' && model.isFlaskConstructor(value);
    });
    if (built) return { app: returned.text, ret: ret! };
  }
  return undefined;
}

/** The first top-level statement after the module's docstring and leading imports, where extensions are created. */
function firstStatementAfterImports(model: FlaskModel): Node {
  const statements = model.topLevel;
  const leading = (statement: Node, index: number) =>
    statement.type === 'import_statement' ||
    statement.type === 'import_from_statement' ||
    statement.type === 'future_import_statement' ||
    (index === 0 && statement.type === 'expression_statement' && statement.namedChild(0)?.type === 'string');
  return statements.find((statement, index) => !leading(statement, index)) ?? statements[statements.length - 1]!;
}

/** An edit that removes the statement's lines, with the whole-line comments right above it, which describe it. */
export function removeLines(text: string, statement: Node): TextEdit {
  let start = startOfLine(text, statement.startIndex);
  let row = statement.startPosition.row;
  for (let comment = statement.previousSibling; comment?.type === 'comment'; comment = comment.previousSibling) {
    const line = startOfLine(text, comment.startIndex);
    if (comment.endPosition.row !== row - 1 || text.slice(line, comment.startIndex).trim() !== '') break;
    start = line;
    row = comment.startPosition.row;
  }
  return { range: { start, end: endOfLine(text, statement.endIndex) }, newText: '' };
}
