import type { AppBinding, FlaskModel } from '../../engine/model';
import { ScopeIndex } from '../../engine/semantic/scopeIndex';
import { callFactoryFromMain } from './entryPoints';
import { switchHelpersToCurrentApp } from './helpers';
import { lineItems } from './items';
import { FACTORY, refuse, type FactoryPlan, type Plan } from './plan';
import { assignRoles } from './roles';
import { checkMovedNames, checkOrderKept } from './checks';
import { checkUnboundExtensions } from './unboundExtensions';
import { checkConfigReadsKept } from './configState';
import { rewriteModule } from './write';

/**
 * FLK101's rewrite: a module with a global `app = Flask(...)` becomes one with `create_app()`.
 *
 * Top-level statements are sorted into roles. The app, its config lines and every statement that
 * uses the app move into the factory; extensions built with the app stay where they are, built
 * empty, and get `init_app` in the factory; functions that only use the app when they run keep
 * their place and use `current_app`; the `__main__` block calls the factory. Whenever one of
 * these steps cannot be done without changing what the code means, there is no plan.
 */

export type { FactoryPlan } from './plan';

/** Rewrites the module around `app` into an application factory, or says why it cannot. */
export function planFactory(model: FlaskModel, text: string, app: AppBinding): FactoryPlan {
  const root = model.root;
  if (root.hasError) return refuse('the file has syntax errors');
  if (appsOnImport(model).length !== 1) return refuse('the module creates more than one app');
  if (app.statement.parent?.id !== root.id) return refuse('the app is created inside a block');
  const scopes = new ScopeIndex(root);
  if (scopes.declaresGlobal(app.name)) return refuse(`a function declares \`global ${app.name}\``);
  if (scopes.moduleReferences(root, new Set([FACTORY])).length > 0) return refuse(`the module already uses the name \`${FACTORY}\``);
  const items = lineItems(text, root);
  if (typeof items === 'string') return refuse(items);
  const appIndex = items.findIndex((item) => item.node.id === app.statement.id);
  const plan: Plan = { model, text, scopes, items, appIndex, appName: app.name, appNames: new Set([app.name]), localEdits: [] };

  const reason = assignRoles(plan) ?? checkMovedNames(plan) ?? checkOrderKept(plan) ?? checkConfigReadsKept(plan) ?? switchHelpersToCurrentApp(plan) ?? checkUnboundExtensions(plan) ?? callFactoryFromMain(plan);
  if (reason) return refuse(reason);
  return {
    ok: true,
    edits: () => [{ range: { start: 0, end: text.length }, newText: rewriteModule(plan) }],
  };
}

/** Per model, the apps created on import: FLK101 plans once per app it flags, so this is not redone each time. */
const importedApps = new WeakMap<FlaskModel, AppBinding[]>();

function appsOnImport(model: FlaskModel): AppBinding[] {
  let apps = importedApps.get(model);
  if (!apps) importedApps.set(model, (apps = model.moduleApps.filter((a) => !model.scopeOf(a.statement).underMainGuard)));
  return apps;
}
