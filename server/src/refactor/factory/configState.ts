import type { Node } from 'web-tree-sitter';
import { FACTORY, MOVING, type Item, type Plan } from './plan';
import { IMPORTS, isCalled, isInside } from './statements';
import { undecorated } from '../../engine/syntax';

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
  const bindings = new Map<string, Item[]>();
  for (const item of items) {
    if (item.node.type === 'comment' || IMPORTS.has(item.node.type)) continue;
    for (const name of scopes.moduleBindingsOf(item.node)) {
      definedHere.set(name, item);
      bindings.set(name, [...(bindings.get(name) ?? []), item]);
    }
  }
  // Each name's uses that may change it, found once for all config lines.
  const sites = new Map<string, Node[]>();
  const sitesOf = (name: string) => {
    let found = sites.get(name);
    if (!found) sites.set(name, (found = scopes.moduleReferences(model.root, new Set([name])).flatMap((ref) => mutationSite(ref) ?? [])));
    return found;
  };
  const importedNames = new Set([...model.imports.values()].map((binding) => binding.local));
  const names = new Set([...definedHere.keys()].filter((name) => !plan.appNames.has(name) && !importedNames.has(name)));
  for (const [index, config] of items.entries()) {
    if (config.role !== 'config') continue;
    const refs = scopes.moduleReferences(config.node, names).filter((ref) => !scopes.bindingOf(ref));
    if (refs.length === 0) continue;
    // The statements the config line changes places with: moved ones above it, those that stay below it.
    const reordered = items.filter((item, other) => item.node.type !== 'comment' && item.role !== 'config' && item.role !== 'app' && (other < index) === MOVING.has(item.role));
    for (const ref of reordered.length > 0 ? refs : []) {
      const definition = definedHere.get(ref.text)!;
      const why =
        isCalled(ref) && isFunction(definition.node)
          ? calledFunctionMayChange(ref.text, reordered)
          : valueMayChange(plan, ref.text, bindings.get(ref.text)!, sitesOf(ref.text).filter((site) => !isInside(site, config.node)), reordered);
      if (why) return `a config line reads \`${ref.text}\`, ${why}; \`${FACTORY}\` would run the config line at another point of that code`;
    }
  }
  return undefined;
}

function isFunction(node: Node): boolean {
  const definition = undecorated(node);
  return definition?.type === 'function_definition';
}

/** A called function may read anything: only plain definitions and imports may change places with it. */
function calledFunctionMayChange(name: string, reordered: readonly Item[]): string | undefined {
  const busy = reordered.find((item) => item.node.type !== 'function_definition' && item.node.type !== 'class_definition' && !IMPORTS.has(item.node.type));
  return busy ? `and \`${name}\` may read what code around it changes` : undefined;
}

/** Why the value of the module-level `name` (its binding statements, the uses that may change it) may change between the config line's old place and its new one. */
function valueMayChange(plan: Plan, name: string, bindings: readonly Item[], changes: readonly Node[], reordered: readonly Item[]): string | undefined {
  if (plan.scopes.declaresGlobal(name)) return `which a function declares \`global\``;
  if (bindings.length > 1 || bindings.some((item) => reordered.includes(item))) return 'which is assigned more than once';
  const site = changes[0];
  return site ? `which other code may change (\`${site.text.split(/\r?\n|\r/)[0]}\`)` : undefined;
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
