import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../../engine/model';

/** `threading` classes whose `with` block serialises the threads of a worker. */
const LOCKS = new Set(['threading.Lock', 'threading.RLock', 'threading.Condition', 'threading.Semaphore', 'threading.BoundedSemaphore']);
/** Names that say "lock" (`lock`, `_lock`, `cache_lock`, `self._lock`): a `with` on one guards its block. */
const LOCK_NAME = /(?:^|_)r?lock$/i;

/** True when a `with` on a lock, inside `fn`, holds `node`. */
export function guardedByLock(model: FlaskModel, node: Node, fn: Node): boolean {
  for (let n = node.parent; n && n.id !== fn.id; n = n.parent) {
    if (n.type !== 'with_statement') continue;
    for (const item of n.descendantsOfType('with_item')) {
      let value = item?.childForFieldName('value');
      if (value?.type === 'as_pattern') value = value.namedChild(0);
      if (value && isLock(model, value)) return true;
    }
  }
  return false;
}

function isLock(model: FlaskModel, expr: Node): boolean {
  const name = expr.type === 'attribute' ? expr.childForFieldName('attribute') : expr;
  if (name?.type === 'identifier' && LOCK_NAME.test(name.text)) return true;
  const value = model.semantic.assignedValue(expr)?.value;
  return value?.type === 'call' && LOCKS.has(model.qualifiedName(value.childForFieldName('function')) ?? '');
}
