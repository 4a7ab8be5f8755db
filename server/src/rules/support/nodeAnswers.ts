import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../../engine/model';

/**
 * `read`, answered once per node of an analysis however many rules ask of it (FLK501 and FLK502
 * ask of the same `run()` calls, FLK103, FLK502 and FLK503 of the same config writes). Kept by
 * node id per model: an id is unique within its tree, and each analysis has its own model.
 */
export function nodeAnswers<T>(read: (model: FlaskModel, node: Node) => T): (model: FlaskModel, node: Node) => T {
  const byModel = new WeakMap<FlaskModel, Map<number, T>>();
  return (model, node) => {
    let byId = byModel.get(model);
    if (!byId) byModel.set(model, (byId = new Map()));
    if (byId.has(node.id)) return byId.get(node.id)!;
    const answer = read(model, node);
    byId.set(node.id, answer);
    return answer;
  };
}
