import type { Node } from 'web-tree-sitter';
import { endOfLine, startOfLine } from '../../engine/edits';
import { namedChildren } from '../../engine/syntax';
import type { Item } from './plan';

function lineBreaks(gap: string): number {
  return gap.split(/\r\n|\r|\n/).length - 1;
}

export function ensureEol(chunk: string, eol: string): string {
  return /[\r\n]$/.test(chunk) ? chunk : chunk + eol;
}

/** The module's top-level statements and comments as whole-line items; a trailing comment joins its statement. */
export function lineItems(text: string, root: Node): Item[] | string {
  const items: Item[] = [];
  for (const node of namedChildren(root)) {
    const previous = items[items.length - 1];
    if (previous && node.startPosition.row === previous.lastRow) {
      if (node.type !== 'comment') return 'two statements share a line';
      previous.end = endOfLine(text, node.endIndex);
      continue;
    }
    const start = startOfLine(text, node.startIndex);
    if (text.slice(start, node.startIndex).trim() !== '') return 'a statement does not start its line';
    const end = node.endPosition.column === 0 ? node.endIndex : endOfLine(text, node.endIndex);
    const gap = previous ? text.slice(previous.end, start) : '';
    if (gap.trim() !== '') return 'the file has text outside statements';
    items.push({ node, start, end, lastRow: node.endPosition.row, blankBefore: lineBreaks(gap), role: 'keep' });
  }
  return items;
}
