import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../../engine/model';
import { absoluteName, isPackageInit, moduleNamesOf, pathsOfModule } from '../../engine/project/moduleNames';
import type { Fix, ProjectFiles, RuleContext, TextEdit } from '../../engine/rule';
import { enclosingFunction, errorBodyOf, errorResponseOf } from '../../rules/support/errorResponses';
import { enclosingClass } from '../../engine/syntax';
import { planErrors, type ErrorsPlan, type ModuleReader } from './plan';
import { raiseSource, setupEdits } from './write';
import { lazyFix } from '../lazyFix';

/**
 * The fix FLK301 and FLK302 share: each error `return` becomes `raise APIError(message,
 * status_code=...)`, and the module gets the error class and a registered handler when it has
 * none (the guide's practice 3). The title and safety never vary, as incremental analysis keeps
 * them; what the module offers is decided when the fix is asked for.
 */
export function raiseFix(context: RuleContext, returns: readonly Node[]): Fix {
  const { model, text, files, path } = context;
  return lazyFix('Raise the error for one registered error handler', () => planFix(model, text, returns, moduleReader(files, path)));
}

/** Reads a module this one imports (as written: `pkg.errors`, `.errors`) from the project's files. */
function moduleReader(files: ProjectFiles | undefined, path: string | undefined): ModuleReader {
  return (written, use) => {
    const from = path === undefined ? undefined : moduleNamesOf(path)[0];
    const name = from === undefined ? undefined : absoluteName(written, from, isPackageInit(path!));
    if (!files || !name) return undefined;
    for (const candidate of pathsOfModule(name)) {
      const answer = files.module(candidate, (model) => use(model));
      if (answer !== undefined) return answer;
    }
    return undefined;
  };
}


type ModuleSetup = { plan: ErrorsPlan; edits: TextEdit[] } | { reason: string };

/** Per analysis: every fix of the module shares the plan and its edits. */
const setups = new WeakMap<FlaskModel, ModuleSetup>();

function moduleSetup(model: FlaskModel, text: string, readModule: ModuleReader): ModuleSetup {
  let setup = setups.get(model);
  if (!setup) {
    const plan = planErrors(model, readModule);
    const edits = 'reason' in plan ? plan : setupEdits(model, text, plan);
    setup = 'reason' in plan ? plan : 'reason' in edits ? edits : { plan, edits };
    setups.set(model, setup);
  }
  return setup;
}

function planFix(model: FlaskModel, text: string, returns: readonly Node[], readModule: ModuleReader): { edits: TextEdit[] } | { reason: string } {
  const setup = moduleSetup(model, text, readModule);
  if ('reason' in setup) return setup;
  const edits = [...setup.edits];
  for (const statement of returns) {
    const cls = enclosingClass(enclosingFunction(statement) ?? statement);
    if (cls && isRestResource(model, cls)) return { reason: 'Flask-RESTful and flask-restx turn what a resource raises into their own error responses' };
    const response = errorResponseOf(model, statement.namedChild(0));
    const body = response && errorBodyOf(model, response.body);
    if (!response || !body) return { reason: 'the error body has no `error` or `message` entry to raise' };
    if (response.headers) return { reason: 'the response sets headers, which the error handler would not send' };
    if (body.rest.length > 0 && !setup.plan.takesPayload) return { reason: `\`${setup.plan.className}\` takes no payload for the body's other entries` };
    if (caughtOnTheWay(statement, setup.plan.className)) return { reason: 'an `except` around it would catch the raised error' };
    if (insideWith(statement)) return { reason: 'a `with` around it would see the raised error (`suppress` swallows it; a transaction rolls back)' };
    const newText = raiseSource(setup.plan, body.message, response.status.text, body.rest);
    edits.push({ range: { start: statement.startIndex, end: statement.endIndex }, newText });
  }
  return { edits };
}

const REST_RESOURCES = new Set(['flask_restful.Resource', 'flask_restx.Resource']);

function isRestResource(model: FlaskModel, cls: Node): boolean {
  const bases = cls.childForFieldName('superclasses')?.namedChildren ?? [];
  return bases.some((base) => REST_RESOURCES.has(model.qualifiedName(base) ?? ''));
}

/** Exception names that catch the error class (it derives from `Exception`). */
const BROAD = new Set(['Exception', 'BaseException']);

/** True when a `try` around the statement, in its function, has a handler that catches the class. */
function caughtOnTheWay(statement: Node, className: string): boolean {
  for (let child = statement, parent = statement.parent; parent && child.type !== 'function_definition'; child = parent, parent = parent.parent) {
    if (parent.type !== 'try_statement' || parent.childForFieldName('body')?.id !== child.id) continue;
    for (const clause of parent.namedChildren) {
      if (clause?.type !== 'except_clause') continue;
      const value = clause.childForFieldName('value');
      const caught = value?.type === 'as_pattern' ? value.namedChild(0) : value;
      if (!caught) return true;
      const names = caught.type === 'tuple' ? caught.namedChildren : [caught];
      if (names.some((n) => n && (BROAD.has(n.text.split('.').pop()!) || n.text === className))) return true;
    }
  }
  return false;
}

/**
 * True when a `with` around the statement, in its function, would see an exception raised there:
 * its context manager may swallow it (`contextlib.suppress`) or act on it (a session's `begin()`
 * rolls back where the `return` committed).
 */
function insideWith(statement: Node): boolean {
  for (let n = statement.parent; n && n.type !== 'function_definition'; n = n.parent) if (n.type === 'with_statement') return true;
  return false;
}
