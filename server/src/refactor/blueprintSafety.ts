import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../engine/model';
import type { ProjectIndex } from '../engine/project/projectIndex';
import type { Binding } from '../engine/semantic/semanticModel';
import { stringLiteralValue } from '../engine/syntax';

/**
 * What FLK201's fix must rule out before it moves a module's routes to a blueprint: code whose
 * behaviour depends on when the routes are registered, endpoint names it cannot rename, and
 * blueprint names already taken in the project. Each answer is a reason shown in the hover.
 */

/**
 * App methods used as decorators whose effect does not depend on which routes are registered
 * yet: request hooks, handlers, template helpers. Anything else done to the app between two
 * routes (`register_blueprint`, `url_map` settings, `url_for` in a request context, config the
 * route registration reads) may, since the blueprint's routes are registered after the last one.
 */
const ORDER_FREE_HOOKS = new Set([
  'before_request',
  'after_request',
  'teardown_request',
  'teardown_appcontext',
  'before_first_request',
  'context_processor',
  'url_defaults',
  'url_value_preprocessor',
  'errorhandler',
  'shell_context_processor',
  'template_filter',
  'template_global',
  'template_test',
]);

/**
 * Why a module-level statement between the first and the last moved route makes the order of
 * registration visible, or undefined when none does. `moved`: the routes' own statements.
 */
export function orderDependentStatement(model: FlaskModel, app: Binding, moved: ReadonlySet<number>, first: Node, last: Node): string | undefined {
  for (const statement of model.root.namedChildren) {
    if (!statement || statement.startIndex <= first.startIndex || statement.startIndex >= last.startIndex || moved.has(statement.id)) continue;
    const use = appUseAtImport(model, app, statement);
    if (use) {
      return (
        `line ${use.startPosition.row + 1} uses the app between two of its routes, and the blueprint's routes are registered ` +
        'only after the last one, so what that line sees (or changes) would differ'
      );
    }
  }
  return undefined;
}

/** The first reference to the app that runs when the module is imported, outside an order-free hook decorator. */
function appUseAtImport(model: FlaskModel, app: Binding, node: Node): Node | undefined {
  if (node.type === 'identifier') return model.semantic.bindingOf(node) === app ? node : undefined;
  if (node.type === 'decorator' && isOrderFreeHook(model, app, node)) return undefined;
  for (const child of node.namedChildren) {
    if (!child) continue;
    // A function's body and a lambda's run later, when called.
    if ((node.type === 'function_definition' && child.id === node.childForFieldName('body')?.id) || (node.type === 'lambda' && child.id === node.childForFieldName('body')?.id)) continue;
    const found = appUseAtImport(model, app, child);
    if (found) return found;
  }
  return undefined;
}

/** `@app.before_request`, `@app.errorhandler(404)`: a hook whose effect the route order does not change. */
function isOrderFreeHook(model: FlaskModel, app: Binding, decorator: Node): boolean {
  let expression = decorator.namedChild(0);
  if (expression?.type === 'call') expression = expression.childForFieldName('function');
  if (expression?.type !== 'attribute') return false;
  const object = expression.childForFieldName('object');
  const method = expression.childForFieldName('attribute')?.text ?? '';
  if (object?.type !== 'identifier' || model.semantic.bindingOf(object) !== app || !ORDER_FREE_HOOKS.has(method)) return false;
  const call = decorator.namedChild(0);
  // Arguments (`@app.errorhandler(404)`) run on import too: they may not use the app themselves.
  return call?.type !== 'call' || !appUseAtImport(model, app, call.childForFieldName('arguments')!);
}

/**
 * A string literal in the module equal to a moved endpoint's name that the fix does not rewrite
 * (`if endpoint == "listing"` in a `url_defaults` callback): it would keep the old name. Literals
 * inside the moved routes' own calls (`endpoint="index"`), docstrings, and a moved view's
 * response body (`return "index"`) name no endpoint.
 */
export function strayEndpointString(model: FlaskModel, endpoints: ReadonlySet<string>, rewritten: ReadonlySet<number>, moved: readonly { statement: Node; call: Node }[]): string | undefined {
  const inRouteCall = (node: Node) => moved.some(({ call }) => call.startIndex <= node.startIndex && node.endIndex <= call.endIndex);
  const views = new Set(moved.map(({ statement }) => statement.id));
  const body = (node: Node) => isResponseBody(node, views);
  let found: Node | undefined;
  const visit = (node: Node): void => {
    if (found) return;
    if (node.type === 'string') {
      const value = stringLiteralValue(node);
      const docstring = node.parent?.type === 'expression_statement' && node.parent.namedChildCount === 1;
      if (value !== undefined && endpoints.has(value) && !rewritten.has(node.startIndex) && !docstring && !inRouteCall(node) && !body(node)) found = node;
      return;
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(model.root);
  if (!found) return undefined;
  return (
    `line ${found.startPosition.row + 1} holds the string ${found.text}, the name of an endpoint the blueprint renames, ` +
    'outside a `url_for` call the fix rewrites: it may compare or build endpoint names, which would keep the old one'
  );
}

/** `return "index"` or `return "index", 200` directly in a moved view: the response's body. */
function isResponseBody(string: Node, views: ReadonlySet<number>): boolean {
  let returned = string.parent;
  if (returned?.type === 'expression_list' && returned.namedChild(0)?.id === string.id) returned = returned.parent;
  if (returned?.type !== 'return_statement') return false;
  const view = returned.parent?.parent;
  return view?.type === 'function_definition' && view.parent !== null && views.has(view.parent.id);
}

/** Every blueprint name the project's modules give at module level, and whether one is computed (then any name may clash). */
export function projectBlueprintNames(index: ProjectIndex | undefined, path: string | undefined): { names: Set<string>; computedIn?: string } {
  const names = new Set<string>();
  let computedIn: string | undefined;
  for (const facts of index?.allFacts() ?? []) {
    for (const fact of Object.values(facts.defines)) {
      if (!fact.blueprint) continue;
      if (fact.blueprint.name !== undefined) names.add(fact.blueprint.name);
      else if (facts.path !== path) computedIn ??= facts.path;
    }
  }
  return computedIn === undefined ? { names } : { names, computedIn };
}
