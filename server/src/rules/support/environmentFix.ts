import type { Node } from 'web-tree-sitter';
import { ensureImport, hasModuleImport } from '../../engine/edits';
import type { FlaskModel } from '../../engine/model';
import type { Fix, RuleContext } from '../../engine/rule';

/**
 * An unsafe fix that replaces a literal with an expression reading `os.environ`, adding
 * `import os` when the module lacks it. Unsafe because the value now depends on the environment.
 */
export function environmentFix(context: RuleContext, literal: Node, expression: string, title: string): Fix {
  // Where `import os` goes is worked out only when edits are asked for, once per analysis (see ensureImport).
  const { model, text } = context;
  const range = { start: literal.startIndex, end: literal.endIndex };
  return {
    title,
    safety: 'unsafe',
    available: () => (osNamesSomethingElse(model) ? { ok: false, reason: '`os` names something else in this module' } : { ok: true }),
    edits: () => [...ensureImport(model, text, 'os'), { range, newText: expression }],
  };
}

/** True when the module binds `os` other than by `import os`: the fix's `os.environ` would read that. */
function osNamesSomethingElse(model: FlaskModel): boolean {
  return !hasModuleImport(model, 'os') && model.semantic.module.bindings('os').length > 0;
}

/**
 * Whether code at `node` runs when its module is imported, where a missing variable should fail at
 * once (`os.environ["X"]`): module-level code, but not that of a config module an app loads by name
 * while it is built (`from_object("pkg.settings")`), which, like a function or a config class, reads
 * `os.environ.get("X")` so that a test can still build an app without the variable.
 */
export function readsEnvironmentOnImport(model: FlaskModel, node: Node): boolean {
  return model.scopeOf(node).kind === 'module' && (model.loadsOwnModuleAsConfig || !model.loadedAsConfigByName);
}
