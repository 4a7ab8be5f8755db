import { namedChildren } from '../../engine/syntax';
import type { FlaskModel } from '../../engine/model';
import type { TextEdit } from '../../engine/rule';
import { runsEagerly, type ScopeIndex } from '../../engine/semantic/scopeIndex';
import type { Item, Plan } from './plan';

/** Helpers use `current_app` instead, so they must only run inside an app or request context. */
export function switchHelpersToCurrentApp(plan: Plan): string | undefined {
  const { scopes, items, appNames } = plan;
  const helpers = items.filter((item) => item.role === 'helper');
  if (helpers.length === 0) return undefined;
  const helperNames = new Set<string>();
  for (const helper of helpers) for (const name of scopes.moduleBindingsOf(helper.node)) helperNames.add(name);
  for (const item of items) {
    if (item.node.type === 'comment') continue;
    const eager = scopes.moduleReferences(item.node, helperNames).find((ref) => !scopes.bindingOf(ref) && runsEagerly(ref, item.node));
    if (eager) return `\`${eager.text}\` is called at import time or in the factory, where \`current_app\` is not available`;
  }
  const access = currentAppAccess(plan.model, scopes, helpers);
  if ('reason' in access) return access.reason;
  plan.localEdits.push(...access.edits);
  for (const helper of helpers) {
    for (const ref of scopes.moduleReferences(helper.node, appNames)) {
      plan.localEdits.push({ range: { start: ref.startIndex, end: ref.endIndex }, newText: access.expression });
    }
  }
  return undefined;
}

/** How helpers reach the app: an existing `current_app` import, one added to `from flask import`, or `flask.current_app`. */
function currentAppAccess(
  model: FlaskModel,
  scopes: ScopeIndex,
  helpers: Item[],
): { expression: string; edits: TextEdit[] } | { reason: string } {
  const unshadowed = (name: string) =>
    helpers.every((helper) => scopes.variablesNamed(helper.node, name).every((id) => scopes.resolvesToModule(id)));
  const bindings = [...model.imports.values()];
  const imported = bindings.find((b) => b.module === 'flask' && b.name === 'current_app');
  if (imported) {
    return unshadowed(imported.local) ? { expression: imported.local, edits: [] } : { reason: `a helper has its own \`${imported.local}\`` };
  }
  const fromFlask = namedChildren(model.root).find(
    (n) => n.type === 'import_from_statement' && n.childForFieldName('module_name')?.text === 'flask' && n.childrenForFieldName('name').length > 0,
  );
  if (fromFlask && scopes.variablesNamed(model.root, 'current_app').length === 0) {
    const last = fromFlask.childrenForFieldName('name').pop()!;
    return { expression: 'current_app', edits: [{ range: { start: last.endIndex, end: last.endIndex }, newText: ', current_app' }] };
  }
  const flaskModule = bindings.find((b) => b.module === 'flask' && b.name === undefined);
  if (flaskModule && unshadowed(flaskModule.local)) return { expression: `${flaskModule.local}.current_app`, edits: [] };
  return { reason: 'there is no way to import `current_app` for the functions that use the app' };
}
