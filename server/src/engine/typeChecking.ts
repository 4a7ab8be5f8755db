import type { Node } from 'web-tree-sitter';
import type { SemanticModel } from './semantic/semanticModel';

/** The flag that is true only while a type checker reads the code, never when Python runs it. */
const TYPE_CHECKING = new Set(['typing.TYPE_CHECKING', 'typing_extensions.TYPE_CHECKING']);

/**
 * True when `node` sits in the body of an `if TYPE_CHECKING:` (or `if typing.TYPE_CHECKING:`):
 * code that never runs. Its `elif` and `else` branches do run.
 */
export function onlyForTypeCheckers(semantic: SemanticModel, node: Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type !== 'if_statement' || parent.childForFieldName('consequence')?.id !== child.id) continue;
    if (TYPE_CHECKING.has(semantic.qualifiedName(parent.childForFieldName('condition')) ?? '')) return true;
  }
  return false;
}
