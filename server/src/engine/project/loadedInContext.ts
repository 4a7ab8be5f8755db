import type { FlaskContextKind } from '../contextPushes';
import { loadedBefore } from './contextImports';
import type { ModuleFacts } from './facts';

/**
 * The context each module of the project is loaded in, by dotted name: one a module imports inside
 * a `with` that opens a context (facts.contextImports), and whatever such a module imports in turn,
 * at any depth, save its own packages (loaded before it). Which import of a module runs it first is
 * not known, so any such import counts, and a request context wins over an app context: a module
 * that may be loaded in one is not flagged.
 */
export function contextsOfLoading(modules: Iterable<ModuleFacts>, factsOf: (name: string) => ModuleFacts | undefined): Map<string, FlaskContextKind> {
  const roots: Record<FlaskContextKind, string[]> = { request: [], app: [] };
  for (const facts of modules) for (const [name, context] of Object.entries(facts.contextImports)) roots[context].push(name);
  const contexts = new Map<string, FlaskContextKind>();
  // Request contexts first: a module they reach is settled before an app context could claim it.
  for (const context of ['request', 'app'] as const) {
    const queue = roots[context].filter((name) => !contexts.has(name));
    for (const name of queue) contexts.set(name, context);
    while (queue.length > 0) {
      const name = queue.shift()!;
      for (const imported of factsOf(name)?.importedModules ?? []) {
        if (contexts.has(imported) || loadedBefore(imported, name)) continue;
        contexts.set(imported, context);
        queue.push(imported);
      }
    }
  }
  return contexts;
}
