import type { Node } from 'web-tree-sitter';
import { FACTORY_NAMES } from '../../../engine/flaskKnowledge';
import type { FlaskModel } from '../../../engine/model';
import { keywordArgument, positionalArguments, stringLiteralValue } from '../../../engine/syntax';
import { devServerCallRunByScript } from './scriptRun';

/**
 * The app gunicorn should load (`module:app`, `module:create_app()`), found as Flask finds it,
 * in the module's own code. The module is parsed only while a reader's `use` runs: everything
 * here returns plain data.
 */
export type Found<T> = T | { refused: string };

export type ModuleReader = <T>(module: string, use: (model: FlaskModel) => T) => T | undefined;

/** Names Flask's `--app module` looks for first, as an app instance. */
const APP_NAMES = ['app', 'application'];
const MODULE_NAME = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

/** gunicorn's target for Flask's `--app` value (or FLASK_APP): `module`, `module:name`, `module:factory(args)`. */
export function flaskAppTarget(value: string, read: ModuleReader): Found<string> {
  const colon = value.indexOf(':');
  const spec = colon < 0 ? value : value.slice(0, colon);
  const module = spec.endsWith('.py') ? spec.slice(0, -3) : spec;
  if (!MODULE_NAME.test(module)) return { refused: `the app is named by a path (\`${value}\`), which gunicorn does not take` };
  if (colon < 0) {
    const name = read(module, bestApp);
    if (name === undefined) return { refused: `\`${module}\` could not be read to find the app in it` };
    return typeof name === 'string' ? `${module}:${name}` : name;
  }
  const attribute = value.slice(colon + 1);
  // A call (`create_app('prod')`) is taken as written: gunicorn calls it as Flask does.
  if (attribute.includes('(') || FACTORY_NAMES.has(attribute)) return `${module}:${attribute}${attribute.includes('(') ? '' : '()'}`;
  const kind = read(module, (model) => attributeKind(model, attribute));
  if (kind === 'factory') return `${module}:${attribute}()`;
  if (kind === 'app' || (kind === undefined && APP_NAMES.includes(attribute))) return `${module}:${attribute}`;
  return { refused: `it is not clear whether \`${attribute}\` in \`${module}\` is an app or a function that makes one` };
}

/** Flask's search in a module: `app` or `application`, the one app it holds, or a `create_app`/`make_app` factory. */
function bestApp(model: FlaskModel): Found<string> {
  const apps = model.moduleApps.filter((app) => !model.scopeOf(app.statement).underMainGuard).map((app) => app.name);
  const named = APP_NAMES.find((name) => apps.includes(name));
  if (named) return named;
  if (new Set(apps).size === 1) return apps[0]!;
  const factory = [...FACTORY_NAMES].find((name) => model.semantic.module.bindings(name).length > 0);
  if (factory) return `${factory}()`;
  return { refused: 'no app or app factory was found in the module Flask loads' };
}

function attributeKind(model: FlaskModel, name: string): 'app' | 'factory' | undefined {
  if (model.moduleApps.some((app) => app.name === name)) return 'app';
  return model.semantic.module.bindings(name).some((binding) => binding.kind === 'function') ? 'factory' : undefined;
}

/** What a script run with `python` does: whether it starts the development server, and the app and address for gunicorn. */
export interface ScriptServer {
  runsDevServer: boolean;
  plan?: Found<{ target: string; host?: string; port?: string }>;
}

/** Reads a script for the `app.run(...)` (or `socketio.run(app)`) that running it runs: the app it serves and where. */
export function scriptServer(model: FlaskModel, module: string): ScriptServer {
  const call = devServerCallRunByScript(model);
  if (!call) return { runsDevServer: false };
  const receiver = call.childForFieldName('function')!.childForFieldName('object');
  if (!model.isAppReference(receiver)) return { runsDevServer: true, plan: { refused: 'Flask-SocketIO needs a gunicorn worker class of its own (eventlet or gevent)' } };
  const app = receiver ? appExpression(model, receiver) : undefined;
  if (!app) return { runsDevServer: true, plan: { refused: `the app that \`${call.childForFieldName('function')!.text}()\` serves is made where gunicorn cannot reach it` } };
  const host = addressPart(call, 'host', 0);
  const port = addressPart(call, 'port', 1);
  if (host === null || port === null) return { runsDevServer: true, plan: { refused: 'the address `app.run()` listens on is computed in code' } };
  return { runsDevServer: true, plan: { target: `${module}:${app}`, ...(host ? { host } : {}), ...(port ? { port } : {}) } };
}

/**
 * The app as a gunicorn target attribute: a module-level name bound outside the `__main__` guard
 * (gunicorn imports the module, so the guard does not run), or the factory call that made it.
 */
function appExpression(model: FlaskModel, receiver: Node): string | undefined {
  const value = receiver.type === 'identifier' ? model.semantic.assignedValue(receiver) : undefined;
  if (receiver.type === 'identifier' && value) {
    const atModuleLevel = model.scopeOf(value.value).kind === 'module' && !model.scopeOf(value.value).underMainGuard;
    if (atModuleLevel && model.moduleAppNames.has(receiver.text)) return receiver.text;
    return factoryCall(model, value.value);
  }
  return receiver.type === 'call' ? factoryCall(model, receiver) : undefined;
}

/** `create_app()` or `create_app("production")` with literal arguments, as gunicorn can call it. */
function factoryCall(model: FlaskModel, call: Node): string | undefined {
  const callee = call.childForFieldName('function');
  if (call.type !== 'call' || callee?.type !== 'identifier' || !model.isFactoryCall(call)) return undefined;
  const args = call.childForFieldName('arguments');
  const literals = (args?.namedChildren ?? []).every((arg) => arg?.type === 'string' || arg?.type === 'integer');
  return literals ? `${callee.text}${args?.text ?? '()'}` : undefined;
}

/** A `host` or `port` argument given as a literal; undefined when absent, null when computed. */
function addressPart(call: Node, name: string, position: number): string | undefined | null {
  const node = keywordArgument(call, name)?.childForFieldName('value') ?? positionalArguments(call)[position];
  if (!node) return undefined;
  if (node.type === 'integer') return node.text;
  return stringLiteralValue(node) ?? null;
}
