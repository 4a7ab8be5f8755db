import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../model';
import { callArguments, namedChildren, positionalArguments } from '../syntax';

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
  '404': ['404'],
  '500': ['500'],
  'werkzeug.exceptions.NotFound': ['404'],
  'werkzeug.exceptions.InternalServerError': ['500'],
  // Flask looks handlers up along the exception's classes: these catch both.
  'werkzeug.exceptions.HTTPException': ['404', '500'],
  Exception: ['404', '500'],
};

const HANDLER_CALL = /\b(errorhandler|app_errorhandler|register_error_handler)[ \t]*\(/g;

/**
 * `@app.errorhandler(404)`, `app.register_error_handler(500, f)`, `@bp.app_errorhandler(404)`:
 * the status codes ('404', '500') the module's app-wide handlers cover. A blueprint's own
 * `errorhandler` covers only its views' errors, never a URL no route matches, and does not count.
 */
export function handledErrors(model: FlaskModel): string[] {
  const codes = new Set<string>();
  HANDLER_CALL.lastIndex = 0;
  for (let match = HANDLER_CALL.exec(model.text); match; match = HANDLER_CALL.exec(model.text)) {
    const call = model.root.descendantForIndex(match.index)?.parent?.parent;
    const callee = call?.type === 'call' ? call.childForFieldName('function') : undefined;
    if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== match[1]) continue;
    const owner = callee.childForFieldName('object');
    if (match[1] !== 'app_errorhandler' && owner?.type === 'identifier' && model.blueprintNames.has(owner.text)) continue;
    const first = positionalArguments(call!)[0];
    const key = first?.type === 'integer' ? first.text : first?.type === 'identifier' && first.text === 'Exception' ? 'Exception' : model.qualifiedName(first ?? null);
    for (const code of COVERS[key ?? ''] ?? []) codes.add(code);
  }
  return [...codes].sort();
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
