import type { Node } from 'web-tree-sitter';
import { FACTORY, MOVING, type Item, type Plan } from './plan';
import { IMPORTS, isCalled, isInside } from './statements';

/**
 * Config lines run first in the factory, which runs after the whole module: a config line now
 * runs after the module-level statements that followed it and before the moved ones that came
 * first. What it reads of the module must not change in between: `app.config["VIEWS"] =
 * list(VIEWS)` after routes whose decorator appends to `VIEWS` would read another list. Names
 * from imports are taken as they are; a function of the module that the line calls may read
 * anything, so then only definitions and imports may change places with it.
 */
export function checkConfigReadsKept(plan: Plan): string | undefined {
  const { scopes, items, model } = plan;
  const definedHere = new Map<string, Item>();
  for (const item of items) {
    if (item.node.type === 'comment' || IMPORTS.has(item.node.type)) continue;
    for (const name of scopes.moduleBindingsOf(item.node)) definedHere.set(name, item);
  }
  const importedNames = new Set([...model.imports.values()].map((binding) => binding.local));
  for (const [index, config] of items.entries()) {
    if (config.role !== 'config') continue;
    const reordered = items.filter((item, other) => item.node.type !== 'comment' && item.role !== 'config' && item.role !== 'app' && (other < index) === MOVING.has(item.role));
    if (reordered.length === 0) continue;
    const names = new Set([...definedHere.keys()].filter((name) => !plan.appNames.has(name) && !importedNames.has(name)));
    for (const ref of scopes.moduleReferences(config.node, names)) {
      if (scopes.bindingOf(ref)) continue;
      const definition = definedHere.get(ref.text)!;
      const why = isCalled(ref) && isFunction(definition.node) ? calledFunctionMayChange(ref.text, reordered) : valueMayChange(plan, ref.text, config, reordered);
      if (why) return `a config line reads \`${ref.text}\`, ${why}; \`${FACTORY}\` would run the config line at another point of that code`;
    }
  }
  return undefined;
}

function isFunction(node: Node): boolean {
  const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
  return definition?.type === 'function_definition';
}

/** A called function may read anything: only plain definitions and imports may change places with it. */
function calledFunctionMayChange(name: string, reordered: readonly Item[]): string | undefined {
  const busy = reordered.find((item) => item.node.type !== 'function_definition' && item.node.type !== 'class_definition' && !IMPORTS.has(item.node.type));
  return busy ? `and \`${name}\` may read what code around it changes` : undefined;
}

/** Why the value of the module-level `name` may change between the config line's old place and its new one. */
function valueMayChange(plan: Plan, name: string, config: Item, reordered: readonly Item[]): string | undefined {
  const { scopes, items } = plan;
  if (scopes.declaresGlobal(name)) return `which a function declares \`global\``;
  const bindings = items.filter((item) => item.node.type !== 'comment' && scopes.moduleBindingsOf(item.node).has(name));
  if (bindings.length > 1 || bindings.some((item) => reordered.includes(item))) return 'which is assigned more than once';
  for (const ref of scopes.moduleReferences(plan.model.root, new Set([name]))) {
    const site = isInside(ref, config.node) ? undefined : mutationSite(ref);
    if (site) return `which other code may change (\`${site.text.split(/\r?\n|\r/)[0]}\`)`;
  }
  return undefined;
}

/** Where `ref` may change the value it names: `name.append`, `name[k] = v`, `name.x = v`, `f(name)`. */
function mutationSite(ref: Node): Node | undefined {
  const parent = ref.parent;
  if (!parent) return undefined;
  if (parent.type === 'argument_list') return parent.parent ?? undefined;
  if (parent.type === 'keyword_argument' || parent.type === 'list_splat' || parent.type === 'dictionary_splat') return parent.parent?.parent ?? undefined;
  const onObject = (parent.type === 'attribute' && parent.childForFieldName('object')?.id === ref.id) || (parent.type === 'subscript' && parent.childForFieldName('value')?.id === ref.id);
  if (!onObject) return undefined;
  const outer = parent.parent;
  if (parent.type === 'attribute' && outer?.type === 'call' && outer.childForFieldName('function')?.id === parent.id) return parent;
  if ((outer?.type === 'assignment' || outer?.type === 'augmented_assignment') && outer.childForFieldName('left')?.id === parent.id) return outer;
  const deleted = outer?.type === 'expression_list' ? outer.parent : outer;
  return deleted?.type === 'delete_statement' ? deleted : undefined;
}
