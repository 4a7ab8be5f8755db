import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../../../engine/model';
import { isDevServerCall } from '../devServer';

/**
 * Packages (or their server modules) whose calls start a production server: `waitress.serve`,
 * gunicorn's application classes, `bjoern.run`, `meinheld.server.run`, cheroot's and gevent's
 * `WSGIServer`, `eventlet.wsgi.server`...
 */
const PRODUCTION_SERVERS = [
  'waitress', 'gunicorn', 'bjoern', 'meinheld', 'cheroot', 'cherrypy', 'gevent.pywsgi', 'gevent.wsgi', 'eventlet.wsgi',
  'paste.httpserver', 'tornado.wsgi', 'twisted.web.wsgi', 'uvicorn', 'hypercorn', 'granian', 'pyruvate',
];

/**
 * The first `app.run()` (or `socketio.run(app)`) that runs when the script is run as
 * `python script.py`: in module-level code (the `__main__` guard included), or in a function
 * that such code calls by name, directly or through other functions. Undefined when there is
 * none, and when the script uses a production server anywhere: then `app.run()` is most likely
 * a development branch (`if "--dev" in sys.argv:`), and the rule cannot tell which one runs.
 */
export function devServerCallRunByScript(model: FlaskModel): Node | undefined {
  const calls = model.root.descendantsOfType('call').filter((call): call is Node => !!call);
  const devCalls = calls.filter((call) => isDevServerCall(model, call));
  if (devCalls.length === 0 || usesProductionServer(model, calls)) return undefined;
  const reached = reachedFunctions(model, calls);
  return devCalls.find((call) => {
    const owner = enclosingFunction(call);
    return owner === undefined || reached.has(owner.id);
  });
}

function usesProductionServer(model: FlaskModel, calls: readonly Node[]): boolean {
  const callees = calls.map((call) => call.childForFieldName('function'));
  // `class StandaloneApplication(gunicorn.app.base.BaseApplication)`, as gunicorn's docs write it.
  const bases = model.root.descendantsOfType('class_definition').flatMap((cls) => cls?.childForFieldName('superclasses')?.namedChildren ?? []);
  return [...callees, ...bases].some((node) => {
    const name = node ? model.qualifiedName(node) : undefined;
    return name !== undefined && PRODUCTION_SERVERS.some((server) => name === server || name.startsWith(`${server}.`));
  });
}

/**
 * The functions (by node id) that run when the script does: those called by name from
 * module-level code, then those called from their bodies. Calls through attributes, callbacks
 * and decorators (a click group's commands) are not followed.
 */
function reachedFunctions(model: FlaskModel, calls: readonly Node[]): Set<number> {
  const byOwner = new Map<number | undefined, Node[]>();
  for (const call of calls) {
    const owner = enclosingFunction(call)?.id;
    const list = byOwner.get(owner);
    if (list) list.push(call);
    else byOwner.set(owner, [call]);
  }
  const definitions = functionDefinitions(model);
  const reached = new Set<number>();
  const pending: (number | undefined)[] = [undefined];
  while (pending.length > 0) {
    for (const call of byOwner.get(pending.pop()) ?? []) {
      const callee = call.childForFieldName('function');
      const definition = callee?.type === 'identifier' ? definitionOf(model, definitions, callee) : undefined;
      if (definition && !reached.has(definition.id)) {
        reached.add(definition.id);
        pending.push(definition.id);
      }
    }
  }
  return reached;
}

/** Every `def` in the module, keyed by its name and where its statement (decorators included) ends, as bindings know it. */
function functionDefinitions(model: FlaskModel): Map<string, Node> {
  const definitions = new Map<string, Node>();
  for (const definition of model.root.descendantsOfType('function_definition')) {
    if (!definition) continue;
    const statement = definition.parent?.type === 'decorated_definition' ? definition.parent : definition;
    definitions.set(`${definition.childForFieldName('name')?.text}@${statement.endIndex}`, definition);
  }
  return definitions;
}

/** The `def` a called name refers to where it is called, when it refers to one. */
function definitionOf(model: FlaskModel, definitions: Map<string, Node>, callee: Node): Node | undefined {
  const binding = model.semantic.bindingOf(callee);
  return binding?.kind === 'function' ? definitions.get(`${binding.name}@${binding.visibleFrom}`) : undefined;
}

/** The function or lambda whose body holds `node`: its code runs when that is called, not before. */
function enclosingFunction(node: Node): Node | undefined {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if ((parent.type === 'function_definition' || parent.type === 'lambda') && parent.childForFieldName('body')?.id === child.id) return parent;
  }
  return undefined;
}
