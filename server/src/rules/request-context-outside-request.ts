import type { Node } from 'web-tree-sitter';
import { contextOpenedBy, coversContext, type FlaskContextKind } from '../engine/contextPushes';
import { canonicalQualifiedName } from '../engine/flaskKnowledge';
import type { FlaskModel } from '../engine/model';
import { endOfLine, indentUnit, lineIndentAt, startOfLine } from '../engine/edits';
import { detectEol } from '../engine/positions';
import type { Fix, Rule, RuleContext } from '../engine/rule';
import { isMainGuard } from '../engine/syntax';

/** Flask's context proxies, by canonical name, and the context each needs. */
const PROXIES: Record<string, FlaskContextKind> = {
  'flask.request': 'request',
  'flask.session': 'request',
  'flask.g': 'app',
  'flask.current_app': 'app',
};

/** Parameter nodes whose `value` is a default evaluated when the `def` (or `lambda`) runs. */
const DEFAULT_PARAMETERS = new Set(['default_parameter', 'typed_default_parameter']);

export const requestContextOutsideRequest: Rule = {
  meta: {
    code: 'FLK403',
    slug: 'request-context-outside-request',
    summary: 'A Flask context proxy is read while the module is imported, where no request or app context exists.',
    defaultSeverity: 'error',
    fixable: true,
    messages: {
      outside: '`{name}` is read while the module is imported, outside any {context} context: Flask raises "Working outside of {context} context."',
    },
    docs: {
      whatItDoes: [
        'Flags a read of `request`, `session`, `g` or `current_app` (under any import form: `from flask import',
        'request as req`, `import flask; flask.request`, `from flask.globals import g`) in code that runs while the',
        'module is imported: at module level (module-level `if`, `try`, `with` and loop blocks included), in a class',
        'body, in a default argument value of a `def` or `lambda` (`def f(user=g.user)`) and in a decorator\'s arguments',
        '(`@cache.cached(key_prefix=request.path)`). A read is an attribute access, an item access, a call or a',
        'membership test on the proxy (`request.args`, `session["user"]`, `g.user = ...`, `"user" in session`); one',
        'finding per read, on the expression that names the proxy.',
        '',
        'Left alone: code in the bodies of functions, lambdas and methods; the body of a module-level',
        '`if __name__ == "__main__":`; the body of `with app.app_context():` for `g` and `current_app`, and of',
        '`with app.test_request_context(...):` for all four (any object\'s `app_context()` and',
        '`test_request_context()` count), also through a name (`ctx = app.app_context()`, then `with ctx:`); code',
        'after a statement `app.app_context().push()` (or `app.test_request_context().push()`) written directly in the',
        'module, or after `ctx.push()` there while `ctx` still holds the context its assignment made (a later',
        '`ctx.pop()` is not followed); a module that another module of the project imports inside such a `with` block',
        '(a factory\'s `with app.app_context(): from .views import bp`, even inside a function), or that a module so',
        'imported imports in turn, at any depth: `g` and `current_app` there, and all four after a',
        '`test_request_context` (which of several imports loads a module first is not known, so any one counts);',
        'names rebound to something else (`request = make_request()`); type annotations;',
        'a proxy merely passed along or stored (`r = request`); and Alembic environment scripts (a module that imports',
        '`alembic`, such as Flask-Migrate\'s `migrations/env.py`), which `flask db ...` runs inside an app context.',
        'Whether a function is only ever called from module-level code is not checked.',
      ].join('\n'),
      whyItMatters: [
        '`request`, `session`, `g` and `current_app` are proxies: each read looks up the request or app context that',
        'Flask pushes while it handles a request (or a CLI command). At import time there is none, so the first',
        'read raises `RuntimeError: Working outside of request context.` (for `request` and `session`) or',
        '`RuntimeError: Working outside of application context.` (for `g` and `current_app`). A default argument',
        'or a decorator argument is evaluated once, when the `def` runs, so it fails the same way, and would pin one',
        'request\'s value for ever if it did not.',
        '',
        'The severity is error because the module cannot be imported at all: the app, its tests and `flask run`',
        'fail before serving anything.',
        '',
        'A script that needs the app\'s config or extensions opens a context first: `with app.app_context():` for',
        '`current_app` and `g`, or `with app.test_request_context("/path"):` when it also needs `request`.',
      ].join('\n'),
      example: [
        'from flask import g, request',
        '',
        'page_size = request.args.get("size", 20)',
        '',
        '',
        'def greet(user=g.user):',
        '    return f"Hello {user}"',
      ].join('\n'),
      useInstead: [
        'from flask import g, request',
        '',
        '',
        'def page_size():',
        '    return request.args.get("size", 20)',
        '',
        '',
        'def greet(user=None):',
        '    if user is None:',
        '        user = g.user',
        '    return f"Hello {user}"',
      ].join('\n'),
      fixSafety: [
        'Only a default argument has a fix, and it is unsafe. It makes the default `None` and reads the proxy as',
        'the first statement of the body (after a docstring, at the body\'s indentation):',
        '`if user is None:` / `user = g.user`. The proxy is then read on each call, inside the request, which is',
        'the point; but a caller that passes `None` on purpose now gets the proxy\'s value instead, and the',
        'signature no longer shows the default, and neither the fixtures nor this module can see every caller.',
        '',
        'The fix is offered only when the default names nothing but the proxy (`g.user`, `request.args.get("q")`,',
        'not `g.get(key)`: `key` could mean something else inside the body), on one line, when the proxy\'s name',
        'means the same inside the body (the function does not bind it itself), and when the body starts on a line',
        'of its own. A parameter reassigned later in the body is no obstacle: the new lines run before it.',
        '',
        'Module-level code, class bodies and decorator arguments get no fix: whether to move the code into a',
        'function, a view, or under `with app.app_context():` is a design choice.',
      ].join('\n'),
    },
  },
  anchors: proxyNames,
  importTimeOnly: true,
  visit: {
    identifier: check,
    attribute: check,
  },
};

/**
 * The words a proxy can be spelled with here: its own name (also the last word of `flask.request`
 * or `fl.g`), and the local names bound to a proxy (`from flask import request as req`,
 * `R = flask.request`). Only those: every imported name would send the walk into most of the module.
 */
function proxyNames(model: FlaskModel): readonly string[] {
  const names = new Set(['request', 'session', 'g', 'current_app']);
  for (const binding of model.semantic.module.all()) {
    if (names.has(binding.name)) continue;
    const alias = binding.kind === 'assignment' && (binding.value?.type === 'identifier' || binding.value?.type === 'attribute');
    const target = binding.kind === 'import' ? canonicalQualifiedName(binding.qualifiedName ?? '') : alias ? model.qualifiedName(binding.value!) : undefined;
    if (target && target in PROXIES) names.add(binding.name);
  }
  return [...names];
}

function check(node: Node, context: RuleContext): void {
  // A module-level function's body runs when it is called: most reads are there, and cheap to skip.
  if (context.model.semantic.inModuleFunctionBody(node)) return;
  if (!isRead(node) || !namesItself(node) || isAlembicEnvironment(context.model)) return;
  const name = context.model.qualifiedName(node);
  const needs = name ? PROXIES[name] : undefined;
  if (!needs || !runsOnImportOutside(context.model, node, needs)) return;
  // Another module imports this one inside a `with app.app_context():` (a factory's, as CTFd's), or imports a module that does.
  if (coversContext(context.model.project?.loadedInContext?.(), needs)) return;
  const fix = defaultArgumentFix(context, node);
  const data = { name: node.text, context: needs === 'request' ? 'request' : 'application' };
  context.report({ node, messageId: 'outside', data, ...(fix ? { fix } : {}) });
}

/**
 * An Alembic environment script (`migrations/env.py` from Flask-Migrate) imports `alembic`: it is
 * run by `flask db ...` inside an app context, so its module-level `current_app` is fine.
 */
function isAlembicEnvironment(model: FlaskModel): boolean {
  for (const binding of model.imports.values()) if (binding.module === 'alembic' || binding.module.startsWith('alembic.')) return true;
  return false;
}

/** `# comment`, blanks and the line break: nothing else may follow a docstring on its line. */
const REST_OF_LINE_IS_FREE = /^[ \t]*(#[^\r\n]*)?(\r\n|\n|\r)?$/;

/**
 * For a proxy read that is a whole parameter default of a `def` (`user=g.user`): default to `None`
 * and read the proxy as the body's first statement (after a docstring). Offered only when the
 * default names nothing but the proxy, on one line, the proxy's name means the same inside the
 * body, and the body starts on a line of its own.
 */
function defaultArgumentFix(context: RuleContext, proxy: Node): Fix | undefined {
  let value: Node = proxy;
  while (value.parent && !DEFAULT_PARAMETERS.has(value.parent.type)) value = value.parent;
  const parameter = value.parent;
  const definition = parameter?.parent?.parent;
  if (!parameter || parameter.childForFieldName('value')?.id !== value.id || definition?.type !== 'function_definition') return undefined;
  const name = parameter.childForFieldName('name');
  const body = definition.childForFieldName('body');
  const first = body?.namedChildren.find((n) => n?.type !== 'comment');
  if (!name || !first || value.text.includes('\n') || first.startPosition.row === definition.startPosition.row) return undefined;
  // Every name in the default would be read inside the body instead: allow only the proxy's own root.
  const root = rootIdentifier(proxy);
  const names = value.descendantsOfType('identifier').filter((id) => id && namesItself(id));
  if (names.length !== 1 || names[0]?.id !== root.id) return undefined;
  const semantic = context.model.semantic;
  const inner = semantic.scopeOf(first);
  if (inner.bindings(root.text).length > 0 || semantic.resolve(root.text, inner, first.startIndex) !== semantic.bindingOf(root)) return undefined;

  const { text } = context;
  const docstring = first.type === 'expression_statement' && first.namedChild(0)?.type === 'string' ? first : undefined;
  if (lineIndentAt(text, first.startIndex).length !== first.startIndex - startOfLine(text, first.startIndex)) return undefined;
  if (docstring && !REST_OF_LINE_IS_FREE.test(text.slice(docstring.endIndex, endOfLine(text, docstring.endIndex)))) return undefined;
  const indent = lineIndentAt(text, first.startIndex);
  const at = docstring ? endOfLine(text, docstring.endIndex) : startOfLine(text, first.startIndex);
  const eol = detectEol(text);
  const step = indent.includes('\t') ? '\t' : indentUnit(text, definition.tree.rootNode).replace(/\t/g, '    ');
  const [valueText, param] = [value.text, name.text];
  return {
    title: `Default \`${param}\` to \`None\` and read \`${valueText}\` in the body`,
    safety: 'unsafe',
    edits() {
      // A docstring that ends the file without a line break needs one before the new lines.
      const lead = at === text.length && !/[\r\n]$/.test(text) ? eol : '';
      const check = `${lead}${indent}if ${param} is None:${eol}${indent}${step}${param} = ${valueText}${eol}`;
      return [
        { range: { start: value.startIndex, end: value.endIndex }, newText: 'None' },
        { range: { start: at, end: at }, newText: check },
      ];
    },
  };
}

/** The leftmost name of `a.b.c`. */
function rootIdentifier(expr: Node): Node {
  let node = expr;
  while (node.type === 'attribute') node = node.childForFieldName('object')!;
  return node;
}

/** False for the `request` of `flask.request` (the attribute is the expression) and for keyword names. */
function namesItself(node: Node): boolean {
  const parent = node.parent;
  if (node.type !== 'identifier' || !parent) return true;
  if (parent.type === 'attribute') return parent.childForFieldName('attribute')?.id !== node.id;
  if (parent.type === 'keyword_argument') return parent.childForFieldName('name')?.id !== node.id;
  return true;
}

/** Membership operators: `"user" in session` looks inside the proxy. */
const MEMBERSHIP = new Set(['in', 'not in']);

/** An attribute access, item access, call or membership test on the expression: what makes a proxy look up its context. */
function isRead(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'comparison_operator') return MEMBERSHIP.has(node.previousSibling?.type ?? '');
  const field =
    parent.type === 'attribute' ? 'object' : parent.type === 'subscript' ? 'value' : parent.type === 'call' ? 'function' : undefined;
  return field !== undefined && parent.childForFieldName(field)?.id === node.id;
}

/**
 * True when `node` runs while the module is imported without the context it needs: walking up,
 * a function or lambda body ends the search (it runs later); parameters' defaults, decorators and
 * class bodies run when their statement does; annotations are skipped; a `__main__` guard's body,
 * a `with` opening the context, or an earlier module-level push supplies it.
 */
function runsOnImportOutside(model: FlaskModel, node: Node, needs: FlaskContextKind): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    const field = fieldOf(parent, child);
    switch (parent.type) {
      case 'function_definition':
        if (field === 'body' || field === 'return_type') return false;
        break;
      case 'lambda':
        if (field === 'body') return false;
        break;
      case 'typed_parameter':
      case 'typed_default_parameter':
      case 'assignment':
        if (field === 'type') return false;
        break;
      case 'if_statement':
        if (field === 'consequence' && parent.parent?.type === 'module' && isMainGuard(parent)) return false;
        break;
      case 'with_statement':
        if (field === 'body' && coversContext(contextOpenedBy(model.semantic, parent), needs)) return false;
        break;
      case 'module':
        return !model.contextPushes.some((push) => push.statement.startIndex < child.startIndex && coversContext(push.kind, needs));
    }
    if (parent.type === 'parameters' || parent.type === 'lambda_parameters') {
      // A parameter's default runs with the `def`; its name and annotation are no read.
      if (!DEFAULT_PARAMETERS.has(child.type)) return false;
    }
  }
  return false;
}

function fieldOf(parent: Node, child: Node): string | null {
  for (let i = 0; i < parent.childCount; i++) if (parent.child(i)?.id === child.id) return parent.fieldNameForChild(i);
  return null;
}
