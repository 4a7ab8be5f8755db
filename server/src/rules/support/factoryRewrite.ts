import type { Node } from 'web-tree-sitter';
import { endOfLine, indentLines, indentUnit, lineIndentAt, multilineStrings, startOfLine } from '../../engine/edits';
import { applyEdits } from '../../engine/fixes';
import type { AppBinding, FlaskModel } from '../../engine/model';
import { detectEol } from '../../engine/positions';
import type { TextEdit } from '../../engine/rule';
import { isMainGuard, namedChildren, stringLiteralValue } from '../../engine/syntax';
import { boundExtension, initAppRewrite } from './extensionInit';
import { ScopeIndex, runsEagerly } from './scopes';

/**
 * FLK101's rewrite: a module with a global `app = Flask(...)` becomes one with `create_app()`.
 *
 * Top-level statements are sorted into roles. The app, its config lines and every statement that
 * uses the app move into the factory; extensions built with the app stay where they are, built
 * empty, and get `init_app` in the factory; functions that only use the app when they run keep
 * their place and use `current_app`; the `__main__` block calls the factory. Whenever one of
 * these steps cannot be done without changing what the code means, there is no plan.
 */

export type FactoryPlan = { ok: true; edits(): TextEdit[] } | { ok: false; reason: string };

type Role =
  | 'keep'
  | 'app'
  /** `app.config[...] = ...` and the like: they go first, before `test_config` is applied. */
  | 'config'
  | 'moved'
  /** `db = SQLAlchemy(app)`: stays as `db = SQLAlchemy()`; `db.init_app(app)` goes into the factory. */
  | 'extension'
  /** A function or class that uses the app only when called: it switches to `current_app`. */
  | 'helper'
  | 'guard'
  /** A comment directly above a statement that moves: it moves too. */
  | 'attached';

interface Item {
  node: Node;
  /** Whole lines: from the start of the first line to just after the last line break. */
  start: number;
  end: number;
  lastRow: number;
  blankBefore: number;
  role: Role;
  initCall?: string;
}

const MOVING: ReadonlySet<Role> = new Set(['app', 'config', 'moved', 'attached']);
const DEFINITIONS = new Set(['function_definition', 'class_definition', 'decorated_definition']);
const IMPORTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);
const CONFIG_METHODS = new Set(['from_object', 'from_mapping', 'from_pyfile', 'from_envvar', 'from_prefixed_env', 'from_file', 'update', 'setdefault']);
/** App attributes that read and write config keys. */
const CONFIG_ATTRIBUTES = new Set([
  'secret_key',
  'debug',
  'testing',
  'env',
  'permanent_session_lifetime',
  'session_cookie_name',
  'send_file_max_age_default',
  'use_x_sendfile',
  'propagate_exceptions',
  'templates_auto_reload',
]);
const FACTORY = 'create_app';
const TEST_CONFIG = 'test_config';

const refuse = (reason: string): FactoryPlan => ({ ok: false, reason });

function lineBreaks(gap: string): number {
  return gap.split(/\r\n|\r|\n/).length - 1;
}

function ensureEol(chunk: string, eol: string): string {
  return /[\r\n]$/.test(chunk) ? chunk : chunk + eol;
}

/** The module's top-level statements and comments as whole-line items; a trailing comment joins its statement. */
function lineItems(text: string, root: Node): Item[] | string {
  const items: Item[] = [];
  for (const node of namedChildren(root)) {
    const previous = items[items.length - 1];
    if (previous && node.startPosition.row === previous.lastRow) {
      if (node.type !== 'comment') return 'two statements share a line';
      previous.end = endOfLine(text, node.endIndex);
      continue;
    }
    const start = startOfLine(text, node.startIndex);
    if (text.slice(start, node.startIndex).trim() !== '') return 'a statement does not start its line';
    const end = node.endPosition.column === 0 ? node.endIndex : endOfLine(text, node.endIndex);
    const gap = previous ? text.slice(previous.end, start) : '';
    if (gap.trim() !== '') return 'the file has text outside statements';
    items.push({ node, start, end, lastRow: node.endPosition.row, blankBefore: lineBreaks(gap), role: 'keep' });
  }
  return items;
}

function isAppAttribute(node: Node | null, appName: string): node is Node {
  return node?.type === 'attribute' && node.childForFieldName('object')?.text === appName && node.childForFieldName('object')?.type === 'identifier';
}

function attributeName(node: Node): string | undefined {
  return node.childForFieldName('attribute')?.text;
}

/** `app.config[...] = ...`, `app.secret_key = ...`, `app.config.from_object(...)`. */
function isConfigStatement(statement: Node, appName: string): boolean {
  if (statement.type === 'if_statement') {
    // `if ...: app.config[...] = ...` (with elif/else branches): config too, when that is all it does.
    const branches = [statement, ...statement.childrenForFieldName('alternative')];
    return branches.every((branch) => {
      const block = branch.childForFieldName('consequence') ?? branch.childForFieldName('body');
      return !!block && namedChildren(block).every((n) => n.type === 'comment' || n.type === 'pass_statement' || isConfigStatement(n, appName));
    });
  }
  if (statement.type !== 'expression_statement') return false;
  const expr = statement.namedChild(0);
  const isConfig = (n: Node | null) => isAppAttribute(n, appName) && attributeName(n) === 'config';
  if (expr?.type === 'assignment' || expr?.type === 'augmented_assignment') {
    const left = expr.childForFieldName('left');
    if (left?.type === 'subscript') return isConfig(left.childForFieldName('value'));
    return isAppAttribute(left, appName) && CONFIG_ATTRIBUTES.has(attributeName(left) ?? '');
  }
  if (expr?.type === 'call') {
    const fn = expr.childForFieldName('function');
    return fn?.type === 'attribute' && CONFIG_METHODS.has(attributeName(fn) ?? '') && isConfig(fn.childForFieldName('object'));
  }
  return false;
}

/** `ext = Ext(app, ...)` as a whole statement. */
function extensionAssignment(model: FlaskModel, statement: Node): { name: string; call: Node } | undefined {
  if (statement.type !== 'expression_statement') return undefined;
  const assignment = statement.namedChild(0);
  if (assignment?.type !== 'assignment') return undefined;
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (left?.type !== 'identifier' || right?.type !== 'call' || !model.extensionClassOf(right)) return undefined;
  return { name: left.text, call: right };
}

function definitionName(node: Node): string {
  const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
  return definition?.childForFieldName('name')?.text ?? 'a definition';
}

function insideDecorator(node: Node, top: Node): boolean {
  for (let n = node.parent; n && n.id !== top.id; n = n.parent) if (n.type === 'decorator') return true;
  return false;
}

/** `app.run(...)`, with `ref` the `app`. */
function isRunCall(ref: Node): boolean {
  const attribute = ref.parent;
  return (
    attribute?.type === 'attribute' &&
    attribute.childForFieldName('object')?.id === ref.id &&
    attributeName(attribute) === 'run' &&
    attribute.parent?.type === 'call' &&
    attribute.parent.childForFieldName('function')?.id === attribute.id
  );
}

function isInside(node: Node, container: Node): boolean {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}

/** What the steps of a plan share; each step returns why it gives up, or nothing. */
interface Plan {
  model: FlaskModel;
  text: string;
  scopes: ScopeIndex;
  items: Item[];
  appIndex: number;
  appName: string;
  appNames: ReadonlySet<string>;
  /** Edits inside lines that stay at module level, in offsets of the original text. */
  localEdits: TextEdit[];
}

/** Rewrites the module around `app` into an application factory, or says why it cannot. */
export function planFactory(model: FlaskModel, text: string, app: AppBinding): FactoryPlan {
  const root = model.root;
  if (root.hasError) return refuse('the file has syntax errors');
  if (appsOnImport(model).length !== 1) return refuse('the module creates more than one app');
  if (app.statement.parent?.id !== root.id) return refuse('the app is created inside a block');
  const scopes = new ScopeIndex(root);
  if (scopes.declaresGlobal(app.name)) return refuse(`a function declares \`global ${app.name}\``);
  if (scopes.moduleReferences(root, new Set([FACTORY])).length > 0) return refuse(`the module already uses the name \`${FACTORY}\``);
  const items = lineItems(text, root);
  if (typeof items === 'string') return refuse(items);
  const appIndex = items.findIndex((item) => item.node.id === app.statement.id);
  const plan: Plan = { model, text, scopes, items, appIndex, appName: app.name, appNames: new Set([app.name]), localEdits: [] };

  const reason = assignRoles(plan) ?? checkMovedNames(plan) ?? switchHelpersToCurrentApp(plan) ?? callFactoryFromMain(plan);
  if (reason) return refuse(reason);
  return {
    ok: true,
    edits: () => [{ range: { start: 0, end: text.length }, newText: rewriteModule(plan) }],
  };
}

/** Per model, the apps created on import: FLK101 plans once per app it flags, so this is not redone each time. */
const importedApps = new WeakMap<FlaskModel, AppBinding[]>();

function appsOnImport(model: FlaskModel): AppBinding[] {
  let apps = importedApps.get(model);
  if (!apps) importedApps.set(model, (apps = model.moduleApps.filter((a) => !model.scopeOf(a.statement).underMainGuard)));
  return apps;
}

/** The name in `name = app` (a plain alias of the app), if the statement is one. */
function appAlias(node: Node, appName: string): string | undefined {
  const assignment = node.type === 'expression_statement' ? node.namedChild(0) : null;
  if (assignment?.type !== 'assignment') return undefined;
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  return left?.type === 'identifier' && right?.type === 'identifier' && right.text === appName ? left.text : undefined;
}

/** Sorts the top-level statements into roles; comments directly above a moving statement move with it. */
function assignRoles(plan: Plan): string | undefined {
  const { model, scopes, items, appIndex, appName, appNames } = plan;
  for (const [index, item] of items.entries()) {
    const node = item.node;
    if (index === appIndex) {
      item.role = 'app';
      continue;
    }
    if (node.type === 'comment') continue;
    if (scopes.moduleBindingsOf(node).has(appName)) return `\`${appName}\` is assigned again at module level`;
    if (index > appIndex && IMPORTS.has(node.type)) return `an import follows the app, and the imported module may import \`${appName}\` from here`;
    const refs = scopes.moduleReferences(node, appNames);
    if (isMainGuard(node)) {
      if (refs.length > 0) item.role = 'guard';
      continue;
    }
    if (refs.length === 0) continue;
    if (DEFINITIONS.has(node.type)) {
      if (refs.some((ref) => insideDecorator(ref, node))) item.role = 'moved';
      else if (refs.some((ref) => runsEagerly(ref, node))) return `\`${definitionName(node)}\` uses the app while the module is imported`;
      else item.role = 'helper';
    } else {
      const extension = extensionAssignment(model, node);
      const binding = extension && boundExtension(model, extension.call);
      if (extension && binding && binding.app.type === 'identifier' && binding.app.text === appName) {
        const rewrite = initAppRewrite(binding);
        if (!rewrite.ok) return rewrite.reason;
        if (refs.length !== 1) return `\`${extension.name}\` uses the app in more than one place`;
        item.role = 'extension';
        item.initCall = `${extension.name}.init_app(${rewrite.initAppArguments})`;
        plan.localEdits.push({ range: { start: extension.call.startIndex, end: extension.call.endIndex }, newText: rewrite.constructorText });
      } else {
        const alias = appAlias(node, appName);
        // `application = app` names the app for `gunicorn module:application`; in the factory it would be a dead local.
        if (alias) return `\`${alias}\` is another name for the app, which a WSGI server or another module may import`;
        item.role = isConfigStatement(node, appName) ? 'config' : 'moved';
      }
    }
    if (index < appIndex && item.role !== 'helper') return `code above the app uses \`${appName}\``;
  }

  // A shebang or encoding line never moves.
  for (let index = items.length - 1; index > 0; index--) {
    if (!MOVING.has(items[index]!.role)) continue;
    for (let j = index - 1; j >= 0 && items[j]!.node.type === 'comment' && items[j]!.role === 'keep' && items[j + 1]!.blankBefore === 0; j--) {
      if (j === 0 && /^#!|coding[:=]/.test(items[j]!.node.text)) break;
      items[j]!.role = 'attached';
    }
  }
  return undefined;
}

/** What moves into the factory must not be needed outside it, and config lines must not need later lines. */
function checkMovedNames(plan: Plan): string | undefined {
  const { scopes, items, appName, appNames } = plan;
  const moving = items.filter((item) => MOVING.has(item.role) && item.node.type !== 'comment');
  const movedNames = new Set<string>();
  const nonConfigNames = new Set<string>();
  for (const item of moving) {
    const startsServer = scopes.moduleReferences(item.node, appNames).some((ref) => isRunCall(ref) && runsEagerly(ref, item.node));
    if (startsServer) return `\`${appName}.run()\` runs at import time`;
    if (scopes.moduleReferences(item.node, new Set([TEST_CONFIG])).length > 0) return `the module already uses the name \`${TEST_CONFIG}\``;
    for (const name of scopes.moduleBindingsOf(item.node)) {
      if (name === appName) continue;
      movedNames.add(name);
      if (item.role !== 'config') nonConfigNames.add(name);
    }
  }
  for (const item of items) {
    if (item.node.type === 'comment') continue;
    if (item.role === 'config') {
      // Config lines go first.
      const needed = scopes.moduleReferences(item.node, nonConfigNames)[0];
      if (needed) return `a config line uses \`${needed.text}\`, which is defined by a later line`;
    }
    if (MOVING.has(item.role)) continue;
    const used = scopes.moduleReferences(item.node, movedNames)[0];
    if (used) return `\`${used.text}\` would be defined inside \`${FACTORY}\`, but module-level code uses it`;
    if (item.node.type === 'expression_statement' && scopes.moduleBindingsOf(item.node).has('__all__')) {
      const exported = item.node.descendantsOfType('string').map(stringLiteralValue);
      const missing = exported.find((name) => name !== undefined && (name === appName || movedNames.has(name)));
      if (missing) return `\`__all__\` exports \`${missing}\``;
    }
  }
  return undefined;
}

/** Helpers use `current_app` instead, so they must only run inside an app or request context. */
function switchHelpersToCurrentApp(plan: Plan): string | undefined {
  const { scopes, items, appNames } = plan;
  const helpers = items.filter((item) => item.role === 'helper');
  if (helpers.length === 0) return undefined;
  const helperNames = new Set<string>();
  for (const helper of helpers) for (const name of scopes.moduleBindingsOf(helper.node)) helperNames.add(name);
  for (const item of items) {
    if (item.node.type === 'comment') continue;
    const eager = scopes.moduleReferences(item.node, helperNames).find((ref) => !scopes.bindingOf(ref) && runsEagerly(ref, item.node));
    if (eager) return `\`${eager.text}\` is called at import time or in the factory, where \`current_app\` is not available`;
  }
  const access = currentAppAccess(plan.model, scopes, helpers);
  if ('reason' in access) return access.reason;
  plan.localEdits.push(...access.edits);
  for (const helper of helpers) {
    for (const ref of scopes.moduleReferences(helper.node, appNames)) {
      plan.localEdits.push({ range: { start: ref.startIndex, end: ref.endIndex }, newText: access.expression });
    }
  }
  return undefined;
}

/** `app.run()` in the `__main__` block becomes `create_app().run()`; other uses get `app = create_app()` first. */
function callFactoryFromMain(plan: Plan): string | undefined {
  const { text, scopes, items, appName, appNames } = plan;
  const lastMoving = items.reduce((last, item, index) => (MOVING.has(item.role) ? index : last), -1);
  for (const [index, item] of items.entries()) {
    if (item.role !== 'guard') continue;
    if (index < lastMoving) return 'the `__main__` block comes before code that moves into the factory';
    const refs = scopes.moduleReferences(item.node, appNames);
    const body = item.node.childForFieldName('consequence');
    if (!body || refs.some((ref) => !isInside(ref, body))) return `the \`else\` branch of the \`__main__\` block uses \`${appName}\``;
    if (refs.length === 1 && isRunCall(refs[0]!)) {
      plan.localEdits.push({ range: { start: refs[0]!.startIndex, end: refs[0]!.endIndex }, newText: `${FACTORY}()` });
      continue;
    }
    const first = namedChildren(body).find((n) => n.type !== 'comment');
    if (!first || first.startPosition.row === item.node.startPosition.row) return 'the `__main__` block is on one line';
    const at = startOfLine(text, first.startIndex);
    const line = `${lineIndentAt(text, first.startIndex)}${appName} = ${FACTORY}()${detectEol(text)}`;
    plan.localEdits.push({ range: { start: at, end: at }, newText: line });
  }
  return undefined;
}

/** How helpers reach the app: an existing `current_app` import, one added to `from flask import`, or `flask.current_app`. */
function currentAppAccess(
  model: FlaskModel,
  scopes: ScopeIndex,
  helpers: Item[],
): { expression: string; edits: TextEdit[] } | { reason: string } {
  const unshadowed = (name: string) =>
    helpers.every((helper) => scopes.variablesNamed(helper.node, name).every((id) => scopes.resolvesToModule(id)));
  const bindings = [...model.imports.values()];
  const imported = bindings.find((b) => b.module === 'flask' && b.name === 'current_app');
  if (imported) {
    return unshadowed(imported.local) ? { expression: imported.local, edits: [] } : { reason: `a helper has its own \`${imported.local}\`` };
  }
  const fromFlask = namedChildren(model.root).find(
    (n) => n.type === 'import_from_statement' && n.childForFieldName('module_name')?.text === 'flask' && n.childrenForFieldName('name').length > 0,
  );
  if (fromFlask && scopes.variablesNamed(model.root, 'current_app').length === 0) {
    const last = fromFlask.childrenForFieldName('name').pop()!;
    return { expression: 'current_app', edits: [{ range: { start: last.endIndex, end: last.endIndex }, newText: ', current_app' }] };
  }
  const flaskModule = bindings.find((b) => b.module === 'flask' && b.name === undefined);
  if (flaskModule && unshadowed(flaskModule.local)) return { expression: `${flaskModule.local}.current_app`, edits: [] };
  return { reason: 'there is no way to import `current_app` for the functions that use the app' };
}

/** Assembles the new module: kept lines (with their local edits) and the factory at the anchor's place. */
function rewriteModule({ model, text, items, appIndex, appName, localEdits }: Plan): string {
  const eol = detectEol(text);
  // The factory takes the place of the last statement that moves into it.
  const anchor = items.reduce((last, item, index) => (MOVING.has(item.role) ? index : last), -1);
  const unit = indentUnit(text, model.root);
  const chunkStart = (index: number) => {
    let first = index;
    while (first > 0 && items[first - 1]!.role === 'attached') first--;
    return first;
  };
  const indented = (index: number) => {
    const item = items[index]!;
    return ensureEol(indentLines(text, items[chunkStart(index)]!.start, item.end, unit, multilineStrings(item.node)), eol);
  };

  // A blank line inside the factory where the original had one, or where code that stays outside came between.
  const parts: { text: string; blank: boolean }[] = [];
  let previous = -1;
  const add = (index: number, chunk: string, forceBlank = false) => {
    const start = chunkStart(index);
    parts.push({ text: chunk, blank: forceBlank || (previous >= 0 && (items[start]!.blankBefore > 0 || start !== previous + 1)) });
    previous = index;
  };
  add(appIndex, indented(appIndex));
  items.forEach((item, index) => {
    if (item.role === 'config') add(index, indented(index));
  });
  parts.push({ text: `${unit}if ${TEST_CONFIG} is not None:${eol}${unit}${unit}${appName}.config.from_mapping(${TEST_CONFIG})${eol}`, blank: false });
  let first = true;
  items.forEach((item, index) => {
    if (item.role === 'moved') add(index, indented(index), first);
    else if (item.role === 'extension') add(index, `${unit}${item.initCall}${eol}`, first);
    else return;
    first = false;
  });
  parts.push({ text: `${unit}return ${appName}${eol}`, blank: true });
  const factory = `def ${FACTORY}(${TEST_CONFIG}=None):${eol}` + parts.map((p) => (p.blank ? eol : '') + p.text).join('');

  const blocks: { text: string; blanks: number }[] = [];
  let removedBlanks = 0;
  let minimumBlanks = 0;
  items.forEach((item, index) => {
    if (MOVING.has(item.role)) {
      removedBlanks = Math.max(removedBlanks, item.blankBefore);
      if (index === anchor) {
        // Two blank lines around a top-level function, as PEP 8 has it.
        blocks.push({ text: factory, blanks: 2 });
        removedBlanks = 0;
        minimumBlanks = 2;
      }
      return;
    }
    const edits = localEdits
      .filter((e) => e.range.start >= item.start && e.range.end <= item.end)
      .map((e) => ({ range: { start: e.range.start - item.start, end: e.range.end - item.start }, newText: e.newText }));
    const own = ensureEol(applyEdits(text.slice(item.start, item.end), edits), eol);
    blocks.push({ text: own, blanks: Math.max(item.blankBefore, removedBlanks, minimumBlanks) });
    removedBlanks = 0;
    minimumBlanks = 0;
  });

  const leading = text.slice(0, items[0]!.start);
  const trailing = text.slice(items[items.length - 1]!.end);
  let out = leading + blocks.map((block, i) => (i > 0 ? eol.repeat(block.blanks) : '') + block.text).join('') + trailing;
  if (trailing === '' && !/[\r\n]$/.test(text)) out = out.replace(/(\r\n|\r|\n)$/, '');
  return out;
}
