import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../../engine/model';
import { namedChildren } from '../../engine/syntax';

/** What a top-level statement does with the app, read from its syntax. */

export const DEFINITIONS = new Set(['function_definition', 'class_definition', 'decorated_definition']);
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

/** `app.config[...] = ...`, `app.secret_key = ...`, `app.config.from_object(...)`. */
export function isConfigStatement(statement: Node, appName: string): boolean {
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
  const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
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

