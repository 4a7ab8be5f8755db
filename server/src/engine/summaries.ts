import type { Node } from 'web-tree-sitter';
import { ROUTE_METHODS } from './flaskKnowledge';
import { methodNames, readRouteDecorator, type DecoratorText } from './routeDecoratorText';
import type { FlaskModel } from './model';
import type { OffsetRange } from './positions';
import { brokenWithinStatement, callArguments, hasSplat, keywordArgument, namedChildren, positionalArguments, stringLiteralValue } from './syntax';

/**
 * What one top-level statement declares that findings elsewhere may depend on: the routes it
 * declares (at any depth: in a factory too) and, for a module-level function or class, the
 * module-level names its body calls. Summaries are kept between analyses for the statements an
 * edit did not touch (runner.ts), so routes and the call graph cost nothing per keystroke.
 */
export interface StatementSummary {
  routes: RouteSummary[];
  /** A module-level function or class: its name and the names called in its body (methods' bodies for a class). */
  defines?: { name: string; calls: string[]; classBasedView: boolean };
}

/** Who a route is declared on, as far as the module shows. */
export type RouteOwner = 'app' | 'blueprint' | 'api' | 'unknown';

/** Ranges in a summary count from the start of its statement, so a kept summary needs no shifting. */
export interface RouteSummary {
  /** The decorator or the `add_url_rule` call. */
  range: OffsetRange;
  via: 'decorator' | 'add_url_rule';
  /** The object as written (`app`, `bp`, `self.app`) and what it is bound to. */
  owner: string;
  ownerKind: RouteOwner;
  /** `route`, `get`, `post`... or `add_url_rule`. */
  method: string;
  /** The rule, when it is a plain string literal. */
  rule?: string;
  /** `methods=[...]` when every item is a string literal; `@bp.post` gives `["POST"]`. */
  methods?: string[];
  endpoint?: string;
  /** True when the module does not show the endpoint: one given but no string literal, or `as_view(name)` with a computed name. */
  endpointUnknown?: true;
  /** Other keyword arguments' names (`defaults`, `subdomain`, `strict_slashes`...), `**` for a splat. */
  options?: string[];
  /** The name given to `Cls.as_view("name")` (`add_url_rule` only): the endpoint when none is given. */
  asView?: string;
  /** The view's name: the decorated function, or the `view_func` name (`Cls` for `Cls.as_view(...)`). */
  view?: string;
  /**
   * An `add_url_rule` call that attaches no view (no third argument, no `view_func=`): it only maps
   * the URL to an endpoint, as Flask's tutorial maps `/` to `index` for a blueprint's view.
   */
  viewless?: true;
  /** The decorated view function (decorators only). */
  viewRange?: OffsetRange;
  /** Names the view's body calls (decorators only). */
  calls: string[];
  /** True when the view is the top-level function the decorator sits on (not one nested in a factory). */
  moduleLevelView: boolean;
}

/**
 * Whether a route fact declares a route Flask serves: any on an app, a blueprint or an API; on an
 * object the module cannot name (a blueprint imported from elsewhere), only `.route(...)`, as
 * `@x.get(...)` may be another framework's.
 */
export function servesRoute(route: RouteSummary): boolean {
  return route.ownerKind !== 'unknown' || route.method === 'route';
}

/** A decorator or call that may declare a route: cheap to find in the text, then read from the tree. */
const ROUTE_TEXT = /@[ \t]*[\w.]+\.(route|get|post|put|patch|delete)[ \t]*\(|\.add_url_rule[ \t]*\(/g;
/** ROUTE_TEXT without `g`: `test` on the global one would move the `lastIndex` that `matchAll` copies. */
const ANY_ROUTE_TEXT = new RegExp(ROUTE_TEXT.source);
const CALLED_NAME = /(?<![\w.])([A-Za-z_]\w*)[ \t]*\(/g;

/** Where `text` may declare a route (ROUTE_TEXT's matches), in order. */
export function routeTextOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (const match of text.matchAll(ROUTE_TEXT)) offsets.push(match.index);
  return offsets;
}

/** False when no statement of `text` can declare a route: one search of the text, which then needs no summaries for its routes. */
export function mayDeclareRoutes(text: string): boolean {
  return ANY_ROUTE_TEXT.test(text);
}

/** The statement's summary, or undefined when it declares nothing other statements care about. */
export function summarise(model: FlaskModel, statement: Node, text: string): StatementSummary | undefined {
  const routes: RouteSummary[] = [];
  const decorated = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : null;
  const node = decorated ?? statement;
  const type = node.type;
  // The statement's own definition, read once: its routes' decorators and its summary ask for the same name and body.
  const definition = type === 'function_definition' || type === 'class_definition' ? readDefinition(node) : undefined;
  // The names a body calls, by the body's start: a view's route and its definition ask for the same body.
  const calls = new Map<number, string[]>();
  const callsOf = (body: Node) => {
    let names = calls.get(body.startIndex);
    if (!names) calls.set(body.startIndex, (names = calledNames(model, body, text)));
    return names;
  };
  for (const match of matchesIn(ROUTE_TEXT, text, statement)) {
    const route = routeAt(model, statement, decorated ? definition : undefined, match, text, callsOf);
    if (route) routes.push(route);
  }
  let defines: StatementSummary['defines'];
  if (definition?.name && definition.body) {
    defines = { name: definition.name, calls: callsOf(definition.body), classBasedView: type === 'class_definition' && model.isClassBasedView(node) };
  }
  if (routes.length === 0 && !defines) return undefined;
  return defines ? { routes, defines } : { routes };
}

/** What a summary says, without its positions: two equal keys make the same facts. */
export function summaryKey(summary: StatementSummary): string {
  return JSON.stringify([summary.defines, summary.routes.map(({ range: _range, viewRange: _view, ...rest }) => rest)]);
}

/**
 * The module's functions called in `node` (`name(...)`), read from the text and confirmed on the
 * tree, so a call written in a comment or a string does not count. Only names the module defines
 * with `def` matter to the call graph, and only those are looked up in the tree.
 */
function calledNames(model: FlaskModel, node: Node, text: string): string[] {
  const names = new Set<string>();
  for (const match of matchesIn(CALLED_NAME, text, node)) {
    const name = match.group;
    if (names.has(name) || !model.semantic.module.bindings(name).some((b) => b.kind === 'function')) continue;
    // The smallest named node holding the name and its `(` is the call, when it is one (in a string
    // or a comment, that string or comment): no climb to the parent, which is a search from the root.
    const call = node.namedDescendantForIndex(match.index, match.index + match.text.length);
    const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
    if (callee?.type === 'identifier' && callee.startIndex === match.index) names.add(name);
  }
  return [...names].sort();
}

/**
 * Matches of a global regex inside `node`'s text, in offsets of the whole text. The search runs
 * on the node's own slice: a search from an offset of the whole text would read on to its end.
 * Gathered before any is used, as the callers nest searches; with `exec`, as `matchAll` copies
 * the regex on every call, thousands of times in a findings-dense module.
 */
function matchesIn(pattern: RegExp, text: string, node: Node): { index: number; text: string; group: string }[] {
  const start = node.startIndex;
  const slice = text.slice(start, node.endIndex);
  const matches: { index: number; text: string; group: string }[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(slice); match; match = pattern.exec(slice)) {
    matches.push({ index: start + match.index, text: match[0], group: match[1] ?? '' });
  }
  return matches;
}

/** A function or class definition with its name and body, read from the tree once. */
interface Definition {
  node: Node;
  name: string | undefined;
  body: Node | null;
}

function readDefinition(node: Node): Definition {
  return { node, name: node.childForFieldName('name')?.text, body: node.childForFieldName('body') };
}

/**
 * The route a match of ROUTE_TEXT declares. `definition`: the statement's own definition when it is
 * decorated, whose decorators are the statement's children.
 */
function routeAt(
  model: FlaskModel,
  statement: Node,
  definition: Definition | undefined,
  match: { index: number; text: string },
  text: string,
  callsOf: (body: Node) => string[],
): RouteSummary | undefined {
  const isDecorator = match.text.startsWith('@');
  // The smallest named node holding the `@` is its decorator; holding `.add_url_rule(`, the call. In a
  // string or a comment, it is that string or comment.
  const node = statement.namedDescendantForIndex(match.index, isDecorator ? match.index + 1 : match.index + match.text.length);
  if (!node || node.type !== (isDecorator ? 'decorator' : 'call')) return undefined;
  const route = isDecorator ? decoratorRoute(model, statement, node, text) : treeRoute(model, statement, node, false);
  if (!route) return undefined;
  if (isDecorator) {
    // Asked of the tree only for a nested definition: a node's parent is looked up from the root down.
    const onStatement = definition !== undefined && node.endIndex <= definition.node.startIndex;
    const decorated = onStatement ? statement : node.parent;
    const fn = onStatement ? definition : decorated?.type === 'decorated_definition' ? nestedDefinition(decorated) : undefined;
    if (fn?.name) {
      route.view = fn.name;
      route.moduleLevelView = onStatement;
      route.viewRange = { start: fn.node.startIndex - statement.startIndex, end: fn.node.endIndex - statement.startIndex };
      if (fn.body) route.calls = callsOf(fn.body);
    }
  }
  return route;
}

/** A route read from the tree: a decorator of another shape than readRouteDecorator reads, or an `add_url_rule` call with its view. */
function treeRoute(model: FlaskModel, statement: Node, node: Node, isDecorator: boolean): RouteSummary | undefined {
  const call = isDecorator ? node.namedChild(0) : node;
  const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
  if (!call || callee?.type !== 'attribute') return undefined;
  const method = callee.childForFieldName('attribute')?.text ?? '';
  if (isDecorator ? !ROUTE_METHODS.has(method) : method !== 'add_url_rule') return undefined;
  const object = callee.childForFieldName('object');
  if (!object) return undefined;
  const args = positionalArguments(call);
  // A decorator's route ends with its call: the comment its line may end with is no part of it.
  const route = newRoute(statement, node, call.endIndex, object.text, model.routeOwnerKind(object), method, isDecorator);
  const rule = stringLiteralValue(args[0] ?? keywordArgument(call, 'rule')?.childForFieldName('value') ?? null);
  if (rule !== undefined) route.rule = rule;
  const methods = literalMethods(call);
  if (methods) route.methods = methods;
  else if (method !== 'route' && method !== 'add_url_rule') route.methods = [method.toUpperCase()];
  const endpointNode = keywordArgument(call, 'endpoint')?.childForFieldName('value') ?? (isDecorator ? null : (args[1] ?? null));
  const endpoint = stringLiteralValue(endpointNode);
  if (endpoint !== undefined) route.endpoint = endpoint;
  else if (endpointNode && endpointNode.type !== 'none') route.endpointUnknown = true;
  const options = routeOptions(call);
  if (options.length > 0) route.options = options;
  if (isDecorator) return route;
  let target: Node | null = keywordArgument(call, 'view_func')?.childForFieldName('value') ?? args[2] ?? null;
  // A splat may pass the view.
  if ((!target || target.type === 'none') && !hasSplat(call)) route.viewless = true;
  // `Cls.as_view("name")`: the class is the view.
  if (target?.type === 'call') {
    const asView = stringLiteralValue(positionalArguments(target)[0] ?? keywordArgument(target, 'name')?.childForFieldName('value') ?? null);
    if (asView !== undefined) route.asView = asView;
    else if (route.endpoint === undefined) route.endpointUnknown = true;
    target = target.childForFieldName('function')?.childForFieldName('object') ?? null;
  }
  if (target?.type === 'identifier') {
    route.view = target.text;
    route.moduleLevelView = true;
  }
  return route;
}

/**
 * The route a decorator of `statement` declares, without its view: read from the decorator's text
 * when it has the plain shape (routeDecoratorText.ts), else from the tree (`fromTree` forces it).
 */
export function decoratorRoute(model: FlaskModel, statement: Node, decorator: Node, text: string, fromTree = false): RouteSummary | undefined {
  const read = fromTree ? undefined : readRouteDecorator(text.slice(decorator.startIndex, decorator.endIndex));
  return read ? textRoute(model, statement, decorator, read) : treeRoute(model, statement, decorator, true);
}

/** A decorator's route from its text; what the owner is bound to comes from ownerKindOf. */
function textRoute(model: FlaskModel, statement: Node, node: Node, read: DecoratorText): RouteSummary | undefined {
  const { method, positional, keywords } = read;
  if (!ROUTE_METHODS.has(method)) return undefined;
  const ownerKind = ownerKindOf(model, node, read);
  if (ownerKind === undefined) return undefined;
  const route = newRoute(statement, node, node.startIndex + read.length, read.owner, ownerKind, method, true);
  // The first of each keyword counts, as Python would refuse the repeat (syntax.ts keywordArgument).
  const keyword = (name: string) => keywords.find((k) => k.name === name)?.value;
  const ruleValue = positional[0] ?? keyword('rule');
  if (ruleValue?.kind === 'string') route.rule = ruleValue.value;
  const methods = keyword('methods');
  if (methods?.kind === 'methods') route.methods = methods.names;
  else if (method !== 'route') route.methods = [method.toUpperCase()];
  const endpoint = keyword('endpoint');
  if (endpoint?.kind === 'string') route.endpoint = endpoint.value;
  else if (endpoint && endpoint.kind !== 'none') route.endpointUnknown = true;
  const options = keywords.filter((k) => !ROUTE_BASICS.has(k.name)).map((k) => k.name);
  if (options.length > 0) route.options = options;
  return route;
}

/**
 * What a decorator's owner is. A plain name in module-level code (a top-level definition's
 * decorator) is looked up in the module scope by its name and place; any other from its node.
 */
function ownerKindOf(model: FlaskModel, decorator: Node, read: DecoratorText): RouteOwner | undefined {
  const start = decorator.startIndex + read.ownerOffset;
  // `self` may be an app without being bound to one: the node says.
  const name = read.owner !== 'self' && !read.owner.includes('.') ? model.semantic.moduleLevelName(read.owner, start) : undefined;
  if (name) return model.routeOwnerKindOf(name.binding);
  const object = decorator.namedDescendantForIndex(start, start + read.owner.length);
  return object ? model.routeOwnerKind(object) : undefined;
}

/** A route's facts every reading shares: where it is, and on what. */
function newRoute(statement: Node, node: Node, end: number, owner: string, ownerKind: RouteOwner, method: string, isDecorator: boolean): RouteSummary {
  return {
    range: { start: node.startIndex - statement.startIndex, end: end - statement.startIndex },
    via: isDecorator ? 'decorator' : 'add_url_rule',
    owner,
    ownerKind,
    method,
    calls: [],
    moduleLevelView: false,
  };
}

function nestedDefinition(decorated: Node): Definition | undefined {
  const node = decorated.childForFieldName('definition');
  return node ? readDefinition(node) : undefined;
}

/** A list, tuple or set of plain quoted names, comma-separated: no comment, prefix, escape or concatenation. */
const PLAIN_METHOD_LIST = /^[[({]\s*(?:(?:"[A-Za-z]+"|'[A-Za-z]+')\s*,\s*)*(?:(?:"[A-Za-z]+"|'[A-Za-z]+')\s*)?[\])}]$/;

/** Keywords a route takes besides its rule, endpoint, methods and view. */
const ROUTE_BASICS = new Set(['rule', 'endpoint', 'methods', 'view_func']);

function routeOptions(call: Node): string[] {
  const options: string[] = [];
  for (const arg of callArguments(call)) {
    if (arg.type === 'dictionary_splat' || arg.type === 'list_splat') options.push(arg.type === 'list_splat' ? '*' : '**');
    const name = arg.type === 'keyword_argument' ? arg.childForFieldName('name')?.text : undefined;
    if (name && !ROUTE_BASICS.has(name)) options.push(name);
  }
  return options;
}

function literalMethods(call: Node): string[] | undefined {
  const list = keywordArgument(call, 'methods')?.childForFieldName('value');
  if (!list || (list.type !== 'list' && list.type !== 'tuple' && list.type !== 'set')) return undefined;
  // `["GET", "POST"]` as it is nearly always written: read from the text, without a node per item.
  const source = list.text;
  if (PLAIN_METHOD_LIST.test(source)) return methodNames(source);
  // A comment between the items is no item.
  const values = namedChildren(list)
    .filter((item) => item.type !== 'comment')
    .map((item) => stringLiteralValue(item));
  return values.every((v): v is string => v !== undefined) ? values.map((v) => v.toUpperCase()) : undefined;
}

/** A summary's route with its ranges in the text: `start` is its statement's. */
export function placedRoute(start: number, route: RouteSummary): RouteSummary {
  return {
    ...route,
    range: { start: start + route.range.start, end: start + route.range.end },
    ...(route.viewRange ? { viewRange: { start: start + route.viewRange.start, end: start + route.viewRange.end } } : {}),
  };
}

/**
 * The decorator or `add_url_rule` call that declares a route of the module (ranges in the text, as
 * `model.routes` gives them). A decorator may run past its route, to a comment on its line.
 */
export function routeNode(root: Node, route: RouteSummary): Node | undefined {
  const isDecorator = route.via === 'decorator';
  const type = isDecorator ? 'decorator' : 'call';
  let node: Node | null = root.descendantForIndex(route.range.start, route.range.end);
  while (node && !(node.type === type && node.startIndex === route.range.start && (isDecorator || node.endIndex === route.range.end))) node = node.parent;
  return node ?? undefined;
}

/**
 * What the runner does with a report on a route's node in a tree with errors (runner.ts `report`):
 * drops it, keeps it without its fix (the node has errors), or keeps it ('kept', also when no node
 * declares the route). Read once per summary: a kept summary's statement is the same subtree. Where
 * the statement does not start its line at column 0, the node itself, for the runner to judge.
 */
export function routeStanding(root: Node, text: string, start: number, route: RouteSummary): RouteStanding | Node {
  const atColumnZero = start === 0 || text[start - 1] === '\n';
  const known = atColumnZero && root.type === 'module' ? standings.get(route) : undefined;
  if (known) return known;
  const node = routeNode(root, placedRoute(start, route));
  if (!atColumnZero || root.type !== 'module') return node ?? 'kept';
  const standing = !node ? 'kept' : brokenWithinStatement(node) ? 'dropped' : node.hasError ? 'without fix' : 'kept';
  standings.set(route, standing);
  return standing;
}

export type RouteStanding = 'kept' | 'without fix' | 'dropped';

const standings = new WeakMap<RouteSummary, RouteStanding>();
