import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../../engine/model';
import type { Binding } from '../../engine/semantic/semanticModel';

/** Where a module-level name is used, for the FLK401 rewrites. */

const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/** The uses of `binding`'s name in `fn`'s body that refer to it, in source order; undefined when one sits in a nested scope. */
export function referencesIn(model: FlaskModel, fn: Node, binding: Binding): Node[] | undefined {
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  const found: Node[] = [];
  for (const id of body.descendantsOfType('identifier')) {
    if (!id || id.text !== binding.name) continue;
    const parent = id.parent;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) continue;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id) continue;
    if (model.semantic.bindingOf(id) !== binding) continue;
    for (let n = parent; n && n.id !== fn.id; n = n.parent) if (NESTED_SCOPES.has(n.type)) return undefined;
    found.push(id);
  }
  return found;
}

/**
 * True when the module's text names `name` nowhere but at `known` places (its binding and the uses
 * a fix rewrites): not in other code, nor in a string (`__all__`) or a comment, so removing the
 * binding leaves nothing behind that needs it.
 */
export function onlyUsedAt(text: string, name: string, known: readonly number[]): boolean {
  const expected = new Set(known);
  for (const match of text.matchAll(new RegExp(`(?<![\\p{ID_Continue}.])${name}(?!\\p{ID_Continue})`, 'gu'))) {
    if (!expected.has(match.index)) return false;
  }
  return true;
}

/** True when nothing but blanks shares the statement's lines: it can be replaced or removed line by line. */
export function ownsItsLines(text: string, statement: Node): boolean {
  let start = statement.startIndex;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  if (text.slice(start, statement.startIndex).trim() !== '') return false;
  const next = statement.nextNamedSibling;
  return !next || next.type === 'comment' || next.startPosition.row > statement.endPosition.row;
}

/** True when `name` is free for a fix to bind in the module: no module-level binding, and `fn` neither binds nor reads it. */
export function freeName(model: FlaskModel, fn: Node, name: string): boolean {
  if (model.semantic.module.bindings(name).length > 0) return false;
  return !new RegExp(`(?<![\\w.])${name}\\b`).test(fn.text);
}
