import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../../engine/rule';

const FLASK_CALL = /\bFlask[ \t]*\(/g;

/** The module's `Flask(...)` calls, in source order (read from the text, confirmed on the tree): where project rules report an app. */
export function appConstructions(context: RuleContext): Node[] {
  const calls: Node[] = [];
  FLASK_CALL.lastIndex = 0;
  for (let match = FLASK_CALL.exec(context.text); match; match = FLASK_CALL.exec(context.text)) {
    const call = context.model.root.descendantForIndex(match.index)?.parent;
    if (call?.type === 'call' && context.model.isFlaskConstructor(call)) calls.push(call);
  }
  return calls;
}
