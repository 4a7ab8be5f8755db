import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../model';
import { HTTP_STATUS_CLASS, statusCode } from '../errorResponses';
import { JSON_ERROR_EXTENSIONS } from '../flaskKnowledge';
import type { Binding } from '../semantic/semanticModel';
import { callArguments, keywordArgument, namedChildren, positionalArguments } from '../syntax';

/**
 * What a module tells the project about its error handling (FLK304): which errors it registers
 * app-wide handlers for, and how its views answer. Read from the text first: most modules
 * register no handler and declare no view, and pay one regex each.
 */

/** How a module's views answer: some return JSON, some render templates. Health checks do not count: they answer JSON in any app. */
export interface ViewAnswers {
  json: boolean;
  templates: boolean;
}

/** The errors a handler registered for one of these covers, as the status codes FLK304 asks about. */
const COVERS: Record<string, readonly string[]> = {
  'werkzeug.exceptions.NotFound': ['404'],
  'werkzeug.exceptions.InternalServerError': ['500'],
  // Flask looks handlers up along the exception's classes: these catch both.
  'werkzeug.exceptions.HTTPException': ['404', '500'],
  Exception: ['404', '500'],
};
const EXPECTED_CODES = new Set(['404', '500']);

/**
 * Stands for a handler registered for an error the module cannot read (a name bound elsewhere, a
 * loop over `default_exceptions`, a call): it may cover anything, so FLK304 stays silent.
 */
export const UNREAD_ERROR = '?';

const HANDLER_CALL = /\b(errorhandler|app_errorhandler|register_error_handler)[ \t]*\(/g;

/**
 * `@app.errorhandler(404)`, `app.register_error_handler(500, f)`, `@bp.app_errorhandler(404)`:
 * the status codes ('404', '500') the module's app-wide handlers cover, and {@link UNREAD_ERROR}
 * when one's error cannot be read. A blueprint's own `errorhandler` covers only its views'
 * errors, never a URL no route matches, and does not count. Extensions that register JSON
 * handlers on the app they are bound to count where the module builds one.
 */
export function handledErrors(model: FlaskModel): string[] {
  const codes = new Set<string>(extensionHandledErrors(model));
  HANDLER_CALL.lastIndex = 0;
  for (let match = HANDLER_CALL.exec(model.text); match; match = HANDLER_CALL.exec(model.text)) {
    const call = model.root.descendantForIndex(match.index)?.parent?.parent;
    const callee = call?.type === 'call' ? call.childForFieldName('function') : undefined;
    if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== match[1]) continue;
    const owner = callee.childForFieldName('object');
    if (match[1] !== 'app_errorhandler' && owner?.type === 'identifier' && model.blueprintNames.has(owner.text)) continue;
    const registered = positionalArguments(call!)[0] ?? keywordArgument(call!, 'code_or_exception')?.childForFieldName('value');
    const covered = registered ? errorsCoveredBy(model, registered) : undefined;
    for (const code of covered ?? [UNREAD_ERROR]) codes.add(code);
  }
  return [...codes].sort();
}

/** The expected codes a handler for `error` covers (often none), or undefined when the module cannot tell. */
function errorsCoveredBy(model: FlaskModel, error: Node, depth = 0): readonly string[] | undefined {
  if (depth > 3) return undefined;
  if (error.type === 'parenthesized_expression' && error.namedChildCount === 1) return errorsCoveredBy(model, error.namedChild(0)!, depth);
  if (error.type === 'integer') return expected(error.text);
  if (error.type !== 'identifier' && error.type !== 'attribute') return undefined;
  const name = model.qualifiedName(error);
  if (name?.startsWith(`${HTTP_STATUS_CLASS}.`)) {
    const code = statusCode(model, error);
    return code === undefined ? undefined : expected(String(code));
  }
  if (name) return COVERS[name] ?? errorClassCovers(name);
  if (error.type !== 'identifier') return undefined;
  const binding = model.semantic.bindingOf(error);
  // A builtin exception: `Exception` catches both, `ValueError` neither.
  if (!binding) return COVERS[error.text] ?? (isClassName(error.text) ? [] : undefined);
  // A class of this module: Werkzeug raises its own NotFound, never a subclass defined here.
  if (binding.kind === 'class') return [];
  if (binding.kind === 'loop') return loopCovers(model, binding, depth);
  const value = model.semantic.valueOf(binding)?.value;
  return value ? errorsCoveredBy(model, value, depth + 1) : undefined;
}

function expected(code: string): readonly string[] {
  return EXPECTED_CODES.has(code) ? [code] : [];
}

/**
 * An exception class imported from elsewhere covers neither code, unless it shares the name of one
 * of Werkzeug's that do: it may be that class again, re-exported.
 */
function errorClassCovers(name: string): readonly string[] | undefined {
  const last = name.slice(name.lastIndexOf('.') + 1);
  if (!isClassName(last)) return undefined;
  return Object.keys(COVERS).some((covering) => covering.endsWith(`.${last}`) || covering === last) ? undefined : [];
}

function isClassName(name: string): boolean {
  return /^_*[A-Z]\w*[a-z]\w*$/.test(name);
}

/**
 * `for code in (404, 500):` and `for code, handler in [(404, a), (500, b)]:`: what the loop
 * variable takes, element by element, when the loop runs over a literal; undefined otherwise.
 */
function loopCovers(model: FlaskModel, binding: Binding, depth: number): readonly string[] | undefined {
  const loop = binding.statement?.type === 'for_statement' ? binding.statement : undefined;
  const target = loop?.childForFieldName('left');
  const items = literalItems(loop?.childForFieldName('right') ?? null);
  if (!target || !items || !binding.node) return undefined;
  const position = target.id === binding.node.id ? undefined : targetPosition(target, binding.node);
  if (position === null) return undefined;
  const covered = new Set<string>();
  for (const item of items) {
    const element = position === undefined ? item : literalItems(item)?.[position];
    const codes = element && errorsCoveredBy(model, element, depth + 1);
    if (!codes) return undefined;
    for (const code of codes) covered.add(code);
  }
  return [...covered];
}

/** The index of a name in a flat `a, b` target, or null when it sits deeper or behind a star. */
function targetPosition(target: Node, name: Node): number | null {
  if (target.type !== 'pattern_list' && target.type !== 'tuple_pattern') return null;
  const names = namedChildren(target);
  const index = names.findIndex((n) => n.id === name.id);
  return index >= 0 && names.every((n) => n.type === 'identifier') ? index : null;
}

/** The elements of a tuple, list or set literal without stars. */
function literalItems(node: Node | null): readonly Node[] | undefined {
  if (node?.type === 'parenthesized_expression' && node.namedChildCount === 1) return literalItems(node.namedChild(0));
  if (node?.type !== 'tuple' && node?.type !== 'list' && node?.type !== 'set') return undefined;
  const items = namedChildren(node).filter((n) => n.type !== 'comment');
  return items.some((n) => n.type === 'list_splat') ? undefined : items;
}

/** `Api()` of flask-smorest, `Rebar()`: extensions whose `init_app` registers JSON handlers on the app. */
function extensionHandledErrors(model: FlaskModel): readonly string[] {
  const modules = JSON_ERROR_EXTENSIONS.map((e) => e.module);
  if (!modules.some((module) => model.words.has(module))) return [];
  const covered = new Set<string>();
  for (const call of model.root.descendantsOfType('call')) {
    const name = model.qualifiedName(call?.childForFieldName('function') ?? null);
    const extension = JSON_ERROR_EXTENSIONS.find((e) => `${e.module}.${e.className}` === name);
    for (const code of extension?.handles ?? []) covered.add(code);
  }
  return [...covered];
}

const JSONIFY = new Set(['flask.jsonify', 'flask.json.jsonify']);
const MAKE_RESPONSE = 'flask.make_response';
const RENDER = new Set(['flask.render_template', 'flask.render_template_string', 'flask.templating.render_template', 'flask.stream_template']);

/** How the module's views answer (only asked of a module that declares routes). */
export function viewAnswers(model: FlaskModel, isHealthView: (view: Node) => boolean): ViewAnswers {
  const answers: ViewAnswers = { json: false, templates: false };
  // A render call names its function in the text: without the word, no view's calls are read.
  const mayRender = model.words.has('render_template') || model.words.has('stream_template');
  for (const view of model.eachView()) {
    if (answers.json && (answers.templates || !mayRender)) break;
    if (isHealthView(view)) continue;
    const body = view.childForFieldName('body');
    if (!body) continue;
    if (mayRender) answers.templates ||= body.descendantsOfType('call').some((call) => call !== null && RENDER.has(model.qualifiedName(call.childForFieldName('function')) ?? ''));
    answers.json ||= body.descendantsOfType('return_statement').some((r) => r !== null && isJson(model, r.namedChild(0)));
  }
  return answers;
}

/** `jsonify(...)`, a dict or list literal, `make_response(<json>)`, or a tuple that starts with one. */
function isJson(model: FlaskModel, expr: Node | null): boolean {
  if (!expr) return false;
  switch (expr.type) {
    case 'dictionary':
    case 'dictionary_comprehension':
      return true;
    case 'parenthesized_expression':
      return isJson(model, expr.namedChild(0));
    case 'expression_list':
    case 'tuple':
      return isJson(model, namedChildren(expr)[0] ?? null);
    case 'call': {
      const callee = model.qualifiedName(expr.childForFieldName('function')) ?? '';
      if (JSONIFY.has(callee)) return true;
      return callee === MAKE_RESPONSE && isJson(model, callArguments(expr)[0] ?? null);
    }
    default:
      return false;
  }
}
