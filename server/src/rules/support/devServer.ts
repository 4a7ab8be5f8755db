import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../../engine/model';
import { isMainGuard } from '../../engine/syntax';
import { nodeAnswers } from './nodeAnswers';

/**
 * Calls that start a development server, shared by FLK501 (`app.run()` on import) and FLK502
 * (`app.run(debug=True)`): `app.run(...)` on a Flask app, and `socketio.run(app, ...)` on a
 * Flask-SocketIO instance this module constructs.
 */
export function isDevServerCall(model: FlaskModel, call: Node): boolean {
  return devServerOf(model, call) !== undefined;
}

/** What a call that starts a development server runs it on: an app (`app.run`) or Flask-SocketIO (`socketio.run(app)`). */
export const devServerOf: (model: FlaskModel, call: Node) => DevServer | undefined = nodeAnswers(startsDevServer);

export type DevServer = 'app' | 'socketio';

function startsDevServer(model: FlaskModel, call: Node): DevServer | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'run') return undefined;
  const object = fn.childForFieldName('object');
  if (model.isAppReference(object)) return 'app';
  return isSocketIo(model, object) ? 'socketio' : undefined;
}

/** A name currently bound to `flask_socketio.SocketIO(...)`. */
function isSocketIo(model: FlaskModel, object: Node | null): boolean {
  const value = model.semantic.assignedValue(object)?.value;
  return value?.type === 'call' && model.qualifiedName(value.childForFieldName('function')) === 'flask_socketio.SocketIO';
}

/**
 * True when `node` runs while the module is imported: at module scope (module-level if/try/with
 * blocks included) and not in the body of an `if __name__ == "__main__":`. The guard's `else`
 * branch does run on import.
 */
export function runsOnImport(model: FlaskModel, node: Node): boolean {
  if (model.scopeOf(node).kind !== 'module') return false;
  // Only a compound statement can hold a guard: a plain one is not climbed through.
  const statement = model.semantic.topLevelStatementOf(node);
  if (statement && !GUARD_HOLDERS.has(statement.type)) return true;
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (isMainGuard(parent) && parent.childForFieldName('consequence')?.id === child.id) return false;
  }
  return true;
}

/** Top-level statements that can hold an `if __name__ == "__main__":` guard. */
const GUARD_HOLDERS = new Set(['if_statement', 'try_statement', 'with_statement', 'for_statement', 'while_statement', 'match_statement', 'ERROR']);
