import type { Node } from 'web-tree-sitter';
import { usableBeforeInitApp } from '../../engine/flaskKnowledge';
import { runsEagerly } from '../../engine/semantic/scopeIndex';
import { FACTORY, MOVING, type Item, type Plan } from './plan';
import { attributeName, DEFINITIONS, extensionAssignment, isInside } from './statements';

type ExtensionClass = { module: string; className: string } | undefined;

/**
 * After the rewrite, an extension that got the app at import time (`cache = Cache(app)`, or
 * `cache.init_app(app)` on a line that moves) gets it only when `create_app()` runs. Code that
 * stays at module level must then not need it while the module is imported: `cache.set(...)`, or
 * `WARM = fib(10)` where `fib` uses `cache`, would fail there. Uses that need no app (models,
 * column types, decorators that only record the function) are known per extension class, and
 * code inside `with app.app_context():` in the `__main__` block runs on the factory's app.
 */
export function checkUnboundExtensions(plan: Plan): string | undefined {
  const extensions = unboundExtensions(plan);
  if (extensions.size === 0) return undefined;
  const { scopes, items } = plan;
  const staying = items.filter((item) => item.node.type !== 'comment' && !MOVING.has(item.role) && item.role !== 'extension');

  // Module-level functions and classes that use one of them when they run, directly or through another.
  const users = new Map<string, string>();
  const usesOf = (item: Item) => {
    const names = new Set([...extensions.keys(), ...users.keys()]);
    return scopes.moduleReferences(item.node, names).filter((ref) => !scopes.bindingOf(ref) && !needsNoApp(ref, extensions));
  };
  for (let grown = true; grown; ) {
    grown = false;
    for (const item of staying) {
      if (!DEFINITIONS.has(item.node.type)) continue;
      const used = usesOf(item).find((ref) => !runsEagerly(ref, item.node));
      if (!used) continue;
      for (const name of scopes.moduleBindingsOf(item.node)) {
        if (users.has(name)) continue;
        users.set(name, users.get(used.text) ?? used.text);
        grown = true;
      }
    }
  }

  for (const item of staying) {
    for (const ref of usesOf(item)) {
      if (!runsEagerly(ref, item.node) || inAppContext(ref, item.node, plan.appNames)) continue;
      const extension = users.get(ref.text);
      if (extension === undefined) return `module-level code uses \`${ref.text}\` while the module is imported, ${unboundUntilFactory(ref.text)}`;
      // A subclass runs none of its base's methods.
      if (ref.parent?.type === 'argument_list' && ref.parent.parent?.type === 'class_definition') continue;
      return `module-level code uses \`${ref.text}\`, which uses \`${extension}\`, while the module is imported, ${unboundUntilFactory(extension)}`;
    }
  }
  return undefined;
}

function unboundUntilFactory(name: string): string {
  return `but \`${name}\` would get the app only when \`${FACTORY}()\` runs`;
}

/**
 * The extensions the rewrite leaves without their app until the factory runs, with their class
 * where the module shows it: those built with the app, and those whose `init_app(app)` moves.
 */
function unboundExtensions(plan: Plan): Map<string, ExtensionClass> {
  const { model, scopes, items, appNames } = plan;
  const extensions = new Map<string, ExtensionClass>();
  const classes = new Map<string, ExtensionClass>();
  for (const item of items) {
    const assignment = item.node.type === 'expression_statement' ? extensionAssignment(model, item.node) : undefined;
    if (assignment) classes.set(assignment.name, model.extensionClassOf(assignment.call));
  }
  const classOf = (name: string) => classes.get(name);
  for (const item of items) {
    if (item.role === 'extension') {
      const name = item.initCall!.split('.')[0]!;
      extensions.set(name, classOf(name));
    }
    if (!MOVING.has(item.role) || item.node.type === 'comment') continue;
    for (const call of item.node.descendantsOfType('call')) {
      const fn = call?.childForFieldName('function');
      const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
      if (!fn || object?.type !== 'identifier' || attributeName(fn) !== 'init_app' || appNames.has(object.text)) continue;
      if (scopes.resolvesToModule(object)) extensions.set(object.text, classOf(object.text));
    }
  }
  return extensions;
}

/** `db.Model`, `cache.cached(...)`: an attribute the extension's class serves without an app. */
function needsNoApp(ref: Node, extensions: ReadonlyMap<string, ExtensionClass>): boolean {
  if (!extensions.has(ref.text)) return false;
  const attribute = ref.parent;
  if (attribute?.type !== 'attribute' || attribute.childForFieldName('object')?.id !== ref.id) return false;
  return usableBeforeInitApp(extensions.get(ref.text), attributeName(attribute) ?? '');
}

/** True when `ref` runs inside `with app.app_context():` (or a request context) within `top`. */
function inAppContext(ref: Node, top: Node, appNames: ReadonlySet<string>): boolean {
  for (let n = ref.parent; n && n.id !== top.parent?.id; n = n.parent) {
    if (n.type !== 'with_statement') continue;
    const body = n.childForFieldName('body');
    const clause = n.namedChildren.find((child) => child?.type === 'with_clause');
    const entersContext = clause?.descendantsOfType('identifier').some((id) => id !== null && appNames.has(id.text) && entersAppContext(id));
    if (body && entersContext && isInside(ref, body)) return true;
  }
  return false;
}

/** `app.app_context()`, `app.test_request_context(...)`: with `ref` the app. */
function entersAppContext(ref: Node): boolean {
  const attribute = ref.parent;
  if (attribute?.type !== 'attribute' || attribute.childForFieldName('object')?.id !== ref.id) return false;
  return /^(?:app_context|test_request_context|request_context)$/.test(attributeName(attribute) ?? '') && attribute.parent?.type === 'call';
}
