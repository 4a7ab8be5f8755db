import type { Node } from 'web-tree-sitter';
import { namedChildren } from '../../engine/syntax';
import type { FlaskModel } from '../../engine/model';
import type { TextEdit } from '../../engine/rule';
import { runsEagerly, type ScopeIndex } from '../../engine/semantic/scopeIndex';
import type { Item, Plan } from './plan';
import { createsContext, deferredWithin, definitionName, isCalled, usedAsValue } from './statements';

/**
 * Helpers use `current_app` instead, so they must only run inside an app or request context:
 * nothing may call them at import time or in the factory, unless their own uses of the app wait
 * for a function nested in them (a decorator's wrapper). Where a helper hands the app itself on
 * (`Thread(target=send, args=(app, msg))`), it hands on the real object behind the proxy.
 */
export function switchHelpersToCurrentApp(plan: Plan): string | undefined {
  const { scopes, items, appName, appNames } = plan;
  const helpers = items.filter((item) => item.role === 'helper');
  if (helpers.length === 0) return undefined;
  const helperNames = new Set<string>();
  const deferred = new Set<string>();
  for (const helper of helpers) {
    const refs = scopes.moduleReferences(helper.node, appNames);
    if (refs.some(createsContext)) {
      return `\`${definitionName(helper.node)}\` makes its own app context from \`${appName}\`, which \`current_app\` cannot give it outside a request`;
    }
    const waits = refs.every((ref) => deferredWithin(ref, helper.node));
    for (const name of scopes.moduleBindingsOf(helper.node)) {
      helperNames.add(name);
      if (waits) deferred.add(name);
    }
  }
  for (const item of items) {
    if (item.node.type === 'comment') continue;
    for (const ref of scopes.moduleReferences(item.node, helperNames)) {
      if (scopes.bindingOf(ref) || !runsEagerly(ref, item.node)) continue;
      if (isCalled(ref)) {
        if (!deferred.has(ref.text)) return `\`${ref.text}\` is called at import time or in the factory, where \`current_app\` is not available`;
      } else if (!handedToApp(ref, appNames)) {
        return `\`${ref.text}\` is handed at import time to code that may call it outside a request`;
      }
    }
  }
  const access = currentAppAccess(plan.model, scopes, helpers);
  if ('reason' in access) return access.reason;
  plan.localEdits.push(...access.edits);
  for (const helper of helpers) {
    for (const ref of scopes.moduleReferences(helper.node, appNames)) {
      const newText = usedAsValue(ref) ? `${access.expression}._get_current_object()` : access.expression;
      plan.localEdits.push({ range: { start: ref.startIndex, end: ref.endIndex }, newText });
    }
  }
  return undefined;
}

/**
 * True when `ref` is registered with the app, which calls it inside a context:
 * `app.add_template_global(ref)`, `app.before_request(ref)`, `app.jinja_env.globals["x"] = ref`.
 */
function handedToApp(ref: Node, appNames: ReadonlySet<string>): boolean {
  let node = ref.parent;
  if (node?.type === 'keyword_argument') node = node.parent;
  if (node?.type === 'argument_list') return appNames.has(rootName(node.parent?.childForFieldName('function') ?? null) ?? '');
  if (node?.type === 'assignment' && node.childForFieldName('right')?.id === ref.id) {
    return appNames.has(rootName(node.childForFieldName('left')) ?? '');
  }
  return false;
}

/** The name an attribute, subscript or call chain starts from: `app` in `app.jinja_env.globals["x"]`. */
function rootName(expr: Node | null): string | undefined {
  let node = expr;
  while (node && node.type !== 'identifier') {
    node = node.childForFieldName('object') ?? node.childForFieldName('value') ?? node.childForFieldName('function');
  }
  return node?.text;
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
