import type { Node } from 'web-tree-sitter';
import { ensureImport } from '../../engine/edits';
import type { Fix, RuleContext } from '../../engine/rule';

/**
 * An unsafe fix that replaces a literal with an expression reading `os.environ`, adding
 * `import os` when the module lacks it. Unsafe because the value now depends on the environment.
 */
export function environmentFix(context: RuleContext, literal: Node, expression: string, title: string): Fix {
  // Both edits are cheap and read the tree, which may be gone when a code action asks for them.
  const importEdits = ensureImport(context.model, context.text, 'os');
  const range = { start: literal.startIndex, end: literal.endIndex };
  return {
    title,
    safety: 'unsafe',
    edits: () => [...importEdits, { range, newText: expression }],
  };
}
