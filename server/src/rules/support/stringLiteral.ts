import type { Node } from 'web-tree-sitter';
import { namedChildren, stringSource } from '../../engine/syntax';

/** Stands for an f-string placeholder in a literal's text: no source text contains it. */
export const PLACEHOLDER = '\u0000';

/** A string written in the code, as FLK103 and FLK503 read values. */
export interface StringLiteral {
  /** The literal itself, inside any parentheses: what a fix replaces. */
  node: Node;
  /** Its text as written (escapes not decoded), each f-string placeholder as {@link PLACEHOLDER}. */
  text: string;
  /** True when an f-string part has a placeholder: the value is computed at run time. */
  computed: boolean;
  /** True when comments sit between its parts: replacing it would delete them (those around it stay). */
  hasComments: boolean;
}

/**
 * The string (or bytes) literal that `node` is: through parentheses, adjacent parts with comments
 * between them, and f-strings; undefined for anything else (names, calls, `+`).
 */
export function stringLiteral(node: Node): StringLiteral | undefined {
  if (node.type === 'parenthesized_expression') {
    const inner = namedChildren(node).filter((n) => n.type !== 'comment');
    return inner.length === 1 ? stringLiteral(inner[0]!) : undefined;
  }
  const parts = node.type === 'concatenated_string' ? namedChildren(node) : [node];
  let text = '';
  let computed = false;
  let hasComments = false;
  for (const part of parts) {
    if (part.type === 'comment') {
      hasComments = true;
      continue;
    }
    if (part.type !== 'string') return undefined;
    const literal = stringSource(part.text);
    // Without an f prefix, the body is the parts' text as written; f-strings need the tree's placeholders.
    if (literal && !/[fF]/.test(literal.prefix)) {
      text += literal.body;
      continue;
    }
    for (const piece of namedChildren(part)) {
      if (piece.type === 'string_content' || piece.type === 'escape_sequence') text += piece.text;
      else if (piece.type === 'interpolation') {
        text += PLACEHOLDER;
        computed = true;
      }
    }
  }
  return { node, text, computed, hasComments };
}
