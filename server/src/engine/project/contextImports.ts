import type { Node } from 'web-tree-sitter';
import { contextOpenedBy, type FlaskContextKind } from '../contextPushes';
import type { FlaskModel } from '../model';
import { importedModules, importStatements } from './imports';

const CONTEXT_CALL = /\b(?:app_context|test_request_context)\b/;

/**
 * The modules a module imports inside `with x.app_context():` or `with x.test_request_context(...):`
 * (absolute, by name, with the context; a request context where both hold): their module-level
 * code runs in it when that import loads them. Its own packages are left out: they are loaded
 * before it runs. An import in a function defined in the block runs when the function is called.
 */
export function contextImportsOf(model: FlaskModel, module: string, absolute: (written: string) => string | undefined): Record<string, FlaskContextKind> {
  const found = new Map<string, FlaskContextKind>();
  // Most modules open no context: one search of the text says so.
  if (!CONTEXT_CALL.test(model.text)) return {};
  for (const statement of importStatements(model)) {
    const context = contextAround(model, statement);
    if (!context) continue;
    for (const written of importedModules(statement)) {
      const name = absolute(written);
      if (!name) continue;
      name.split('.').forEach((_, i, parts) => {
        const loaded = parts.slice(0, i + 1).join('.');
        if (!loadedBefore(loaded, module) && found.get(loaded) !== 'request') found.set(loaded, context);
      });
    }
  }
  return Object.fromEntries([...found].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** True when `name` is `module` or one of its packages: loaded before `module`'s code runs. */
export function loadedBefore(name: string, module: string): boolean {
  return module === name || module.startsWith(`${name}.`);
}

/** The context the `with` blocks around the statement open, up to the function or lambda it runs in. */
function contextAround(model: FlaskModel, statement: Node): FlaskContextKind | undefined {
  let opened: FlaskContextKind | undefined;
  for (let child = statement, parent = statement.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'function_definition' || parent.type === 'lambda') return opened;
    if (parent.type === 'with_statement' && parent.childForFieldName('body')?.id === child.id) {
      const made = contextOpenedBy(model.semantic, parent);
      if (made === 'request') return made;
      opened ??= made;
    }
  }
  return opened;
}
