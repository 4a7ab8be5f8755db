import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../../engine/model';
import { isMainGuard, statementAssignment } from '../../engine/syntax';

/**
 * Calls that start a development server, shared by FLK501 (`app.run()` on import) and FLK502
 * (`app.run(debug=True)`): `app.run(...)` on a Flask app, and `socketio.run(app, ...)` on a
 * Flask-SocketIO instance this module constructs.
 */
export function isDevServerCall(model: FlaskModel, call: Node): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'run') return false;
  const object = fn.childForFieldName('object');
  return model.isAppReference(object) || (object?.type === 'identifier' && socketIoNames(model).has(object.text));
}

const socketIoCache = new WeakMap<FlaskModel, Set<string>>();

/** Module-level names bound to `flask_socketio.SocketIO(...)`. */
function socketIoNames(model: FlaskModel): Set<string> {
  let names = socketIoCache.get(model);
  if (!names) {
    names = new Set();
    for (const statement of model.topLevel) {
      const assignment = statementAssignment(statement);
      const left = assignment?.childForFieldName('left');
      const right = assignment?.childForFieldName('right');
      if (left?.type !== 'identifier' || right?.type !== 'call') continue;
      const target = model.resolveImported(right.childForFieldName('function'));
      if (target?.module === 'flask_socketio' && target.name === 'SocketIO') names.add(left.text);
    }
    socketIoCache.set(model, names);
  }
  return names;
}

/**
 * True when `node` runs while the module is imported: at module scope (module-level if/try/with
 * blocks included) and not in the body of an `if __name__ == "__main__":`. The guard's `else`
 * branch does run on import.
 */
export function runsOnImport(model: FlaskModel, node: Node): boolean {
  if (model.scopeOf(node).kind !== 'module') return false;
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (isMainGuard(parent) && parent.childForFieldName('consequence')?.id === child.id) return false;
  }
  return true;
}
