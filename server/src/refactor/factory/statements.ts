import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../../engine/model';
import { callArguments, isMainGuard, keywordArgument, namedChildren, stringLiteralValue } from '../../engine/syntax';
import { undecorated } from '../../engine/syntax';

/** What a top-level statement does with the app, read from its syntax. */

export { DEFINITION_STATEMENTS as DEFINITIONS } from '../../engine/semantic/bindings';
export const IMPORTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);
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

export function isAppAttribute(node: Node | null, appName: string): node is Node {
  return node?.type === 'attribute' && node.childForFieldName('object')?.text === appName && node.childForFieldName('object')?.type === 'identifier';
}

export function attributeName(node: Node): string | undefined {
  return node.childForFieldName('attribute')?.text;
}

/** The blocks of an `if` (with its elif/else branches) or a `try` (with its handlers, else and finally). */
function branchBlocks(statement: Node): Node[] | undefined {
  if (statement.type !== 'if_statement' && statement.type !== 'try_statement') return undefined;
  const blocks: Node[] = [];
  for (const part of [statement, ...namedChildren(statement)]) {
    const block = part.type === 'block' ? part : namedChildren(part).find((n) => n.type === 'block');
    if (part !== statement && block) blocks.push(block);
  }
  return blocks;
}

/**
 * `app.config[...] = ...`, `app.secret_key = ...`, `app.config.from_object(...)`; also an `if` or
 * a `try` (`try: app.config.from_pyfile(...) except FileNotFoundError: pass`) that does nothing else.
 */
export function isConfigStatement(statement: Node, appName: string): boolean {
  const blocks = branchBlocks(statement);
  if (blocks) {
    return blocks.length > 0 && blocks.every((block) =>
      namedChildren(block).every((n) => n.type === 'comment' || n.type === 'pass_statement' || isConfigStatement(n, appName)),
    );
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
export function extensionAssignment(model: FlaskModel, statement: Node): { name: string; call: Node } | undefined {
  if (statement.type !== 'expression_statement') return undefined;
  const assignment = statement.namedChild(0);
  if (assignment?.type !== 'assignment') return undefined;
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (left?.type !== 'identifier' || right?.type !== 'call' || !model.extensionClassOf(right)) return undefined;
  return { name: left.text, call: right };
}

export function definitionName(node: Node): string {
  const definition = undecorated(node);
  return definition?.childForFieldName('name')?.text ?? 'a definition';
}

export function insideDecorator(node: Node, top: Node): boolean {
  for (let n = node.parent; n && n.id !== top.id; n = n.parent) if (n.type === 'decorator') return true;
  return false;
}

/** `app.run(...)`, with `ref` the `app`. */
export function isRunCall(ref: Node): boolean {
  const attribute = ref.parent;
  return (
    attribute?.type === 'attribute' &&
    attribute.childForFieldName('object')?.id === ref.id &&
    attributeName(attribute) === 'run' &&
    attribute.parent?.type === 'call' &&
    attribute.parent.childForFieldName('function')?.id === attribute.id
  );
}

export function isInside(node: Node, container: Node): boolean {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}

/** The name in `name = app` (a plain alias of the app), if the statement is one. */
export function appAlias(node: Node, appName: string): string | undefined {
  const assignment = node.type === 'expression_statement' ? node.namedChild(0) : null;
  if (assignment?.type !== 'assignment') return undefined;
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  return left?.type === 'identifier' && right?.type === 'identifier' && right.text === appName ? left.text : undefined;
}


/** The config keys a config statement writes, when they are all spelled out; undefined when some are not. */
export function configKeysWritten(statement: Node, appName: string): Set<string> | undefined {
  const keys = new Set<string>();
  const blocks = branchBlocks(statement);
  if (blocks) {
    for (const block of blocks) {
      for (const inner of namedChildren(block)) {
        if (inner.type === 'comment' || inner.type === 'pass_statement') continue;
        const innerKeys = configKeysWritten(inner, appName);
        if (!innerKeys) return undefined;
        for (const key of innerKeys) keys.add(key);
      }
    }
    return keys;
  }
  const expr = statement.type === 'expression_statement' ? statement.namedChild(0) : null;
  const left = expr?.type === 'assignment' || expr?.type === 'augmented_assignment' ? expr.childForFieldName('left') : null;
  if (left?.type === 'subscript') {
    const key = stringLiteralValue(left.childForFieldName('subscript'));
    return key === undefined ? undefined : new Set([key]);
  }
  if (left?.type === 'attribute') return new Set([(attributeName(left) ?? '').toUpperCase()]);
  if (expr?.type === 'call' && /^(update|from_mapping)$/.test(attributeName(expr.childForFieldName('function')!) ?? '')) {
    const args = callArguments(expr);
    if (!args.every((arg) => arg.type === 'keyword_argument')) return undefined;
    return new Set(args.map((arg) => arg.childForFieldName('name')?.text ?? ''));
  }
  return undefined;
}

/**
 * True when a config statement needs the environment to run: `os.environ["KEY"]` raises without
 * the variable, and so does `from_envvar` unless `silent=True`.
 */
export function readsEnvironmentStrictly(model: FlaskModel, statement: Node): boolean {
  for (const subscript of statement.descendantsOfType('subscript')) {
    if (subscript && model.qualifiedName(subscript.childForFieldName('value')) === 'os.environ') return true;
  }
  return statement.descendantsOfType('call').some((call) => {
    const fn = call?.childForFieldName('function');
    if (fn?.type !== 'attribute' || attributeName(fn) !== 'from_envvar') return false;
    return keywordArgument(call!, 'silent')?.childForFieldName('value')?.type !== 'true';
  });
}

/** `app.app_context()`, `app.test_request_context()`...: code that builds a context from the real app. */
export function createsContext(ref: Node): boolean {
  const attribute = ref.parent;
  if (attribute?.type !== 'attribute' || attribute.childForFieldName('object')?.id !== ref.id) return false;
  return /^(app_context|test_request_context|request_context|test_client|test_cli_runner)$/.test(attributeName(attribute) ?? '');
}

/** `app.app_context().push()` (or a request context's): a context pushed for good. */
export function pushesContext(ref: Node): boolean {
  if (!createsContext(ref)) return false;
  const call = ref.parent!.parent;
  const push = call?.type === 'call' ? call.parent : null;
  return push?.type === 'attribute' && attributeName(push) === 'push';
}

/** True when `ref` is used as a value (passed, stored, returned), not as `ref.attribute`. */
export function usedAsValue(ref: Node): boolean {
  const parent = ref.parent;
  return !(parent?.type === 'attribute' && parent.childForFieldName('object')?.id === ref.id);
}

/** True when `ref` is called: `ref(...)`, or `@ref` / `@ref(...)` as a decorator. */
export function isCalled(ref: Node): boolean {
  const parent = ref.parent;
  if (parent?.type === 'decorator') return true;
  if (parent?.type !== 'call' || parent.childForFieldName('function')?.id !== ref.id) return false;
  return true;
}

/** True when `node` sits in the body of an `if __name__ == "__main__":` inside `top`. */
export function underMainGuard(node: Node, top: Node): boolean {
  for (let child = node, n = node.parent; n; child = n, n = n.parent) {
    if (isMainGuard(n) && n.childForFieldName('consequence')?.id === child.id) return true;
    if (n.id === top.id) break;
  }
  return false;
}

/** True when `ref` runs only when a function nested in `definition` runs: in a wrapper's body, say. */
export function deferredWithin(ref: Node, definition: Node): boolean {
  const own = undecorated(definition);
  for (let child = ref, n = ref.parent; n && n.id !== own?.id; child = n, n = n.parent) {
    if ((n.type === 'function_definition' || n.type === 'lambda') && n.childForFieldName('body')?.id === child.id) return true;
  }
  return false;
}

/**
 * The config keys a config statement reads, from `refs` (its module-level uses of the app):
 * `app.config["KEY"]`, `app.config.get("KEY")`, `app.secret_key` as values, and the key an
 * augmented assignment updates. The app as the target of a write reads nothing; undefined when
 * some use may read keys not spelled out (`app.config` passed on, a computed key).
 */
export function configKeysRead(refs: readonly Node[]): Set<string> | undefined {
  const keys = new Set<string>();
  for (const ref of refs) {
    const use = configUse(ref);
    if (use === undefined) return undefined;
    if (use.reads !== undefined) keys.add(use.reads);
  }
  return keys;
}

/** What one use of the app does to its config: writes only (`reads` absent), reads one key, or undefined when it cannot be told. */
function configUse(ref: Node): { reads?: string } | undefined {
  const attribute = ref.parent;
  if (attribute?.type !== 'attribute' || attribute.childForFieldName('object')?.id !== ref.id) return undefined;
  const name = attributeName(attribute) ?? '';
  if (CONFIG_ATTRIBUTES.has(name)) return assigned(attribute) === 'set' ? {} : { reads: name.toUpperCase() };
  if (name !== 'config') return undefined;
  const outer = attribute.parent;
  if (outer?.type === 'subscript' && outer.childForFieldName('value')?.id === attribute.id) {
    const key = stringLiteralValue(outer.childForFieldName('subscript'));
    if (assigned(outer) === 'set') return {};
    return key === undefined ? undefined : { reads: key };
  }
  if (outer?.type === 'attribute' && outer.childForFieldName('object')?.id === attribute.id) {
    const method = attributeName(outer) ?? '';
    const call = outer.parent?.type === 'call' && outer.parent.childForFieldName('function')?.id === outer.id ? outer.parent : undefined;
    if (!call) return undefined;
    if (method === 'get') {
      const key = stringLiteralValue(callArguments(call)[0] ?? null);
      return key === undefined ? undefined : { reads: key };
    }
    // Loading config writes keys (configKeysWritten says which) and reads none; its value is None.
    if (CONFIG_METHODS.has(method) && method !== 'setdefault' && call.parent?.type === 'expression_statement') return {};
  }
  return undefined;
}

/** Whether `target` is assigned to: 'set' for `=`, 'update' for `+=` and the like (which reads it first). */
function assigned(target: Node): 'set' | 'update' | undefined {
  const parent = target.parent;
  if (parent?.childForFieldName('left')?.id !== target.id) return undefined;
  if (parent.type === 'assignment') return 'set';
  return parent.type === 'augmented_assignment' ? 'update' : undefined;
}
