import type { Node } from 'web-tree-sitter';
import { ensureImport } from '../../engine/edits';
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
    edits: () => [...ensureImport(model, text, 'os'), { range, newText: expression }],
  };
}
