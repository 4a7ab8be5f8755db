import type { Node } from 'web-tree-sitter';
import { firstChangeStart, forEachTopLevelIn, mapThroughEdits, wholeLines, type EditRecord } from '../document';
import type { OffsetRange } from '../positions';

/**
 * A module's top-level statements as plain data, comments and ERROR nodes included, in document
 * order: what the module scope and the Flask model are read from. It outlives the tree, so a
 * keystroke keeps it from the previous analysis, as the summaries are kept (summaryCache.ts):
 * only statements on changed lines are read from the tree again.
 */
export interface OutlineEntry {
  type: string;
  start: number;
  end: number;
  /**
   * The binding a definition makes, its name as its header's text gives it (see bindings.ts), once
   * read and then kept; null when the tree must say.
   */
  definition?: { name: string; kind: 'function' | 'class'; visibleFrom: number } | null;
  /** Whether the statement holds a syntax error, once asked (noqaPlaces.ts). */
  hasError?: boolean;
  /** Whether the statement has a plain shape (plainStatement.ts), once asked: a kept statement's text is the same. */
  plain?: boolean;
}

/**
 * The outline of `root`'s module: read afresh, or from the previous one and the edits since. A
 * kept entry is the previous entry, moved in place: the previous outline belongs to the analysis
 * that reuses it (the engine hands each state to one run), and a keystroke in a large module then
 * makes no object per statement after it.
 */
export function readOutline(
  root: Node,
  text: string,
  reuse?: { previous: readonly OutlineEntry[]; edits: readonly EditRecord[]; dirty: readonly OffsetRange[] },
  /** Statements whose nodes the caller needs: those read from the tree are in `nodes`. */
  wantsNode: (entry: OutlineEntry) => boolean = () => false,
): { entries: OutlineEntry[]; nodes: Map<OutlineEntry, Node> } {
  const types = root.tree.language.types;
  const nodes = new Map<OutlineEntry, Node>();
  const dirty = reuse && wholeLines(text, reuse.dirty);
  // Afresh, or when the changes cover most of the module (a large paste), every statement is read:
  // one call into the wasm gives them all with their starts, where a cursor stepped along the top
  // level cost three calls a statement. Each node's type and end are one call each.
  if (!reuse || !dirty || dirty.reduce((sum, range) => sum + range.end - range.start, 0) > text.length / 2) {
    const entries: OutlineEntry[] = [];
    // Asked of a root node of its own, which keeps the children it read: the model's root would
    // keep them all for the whole analysis, where only the wanted ones are kept.
    for (const node of root.tree.rootNode.children) {
      if (!node) continue;
      const entry: OutlineEntry = { type: types[node.typeId] ?? 'ERROR', start: node.startIndex, end: node.endIndex };
      if (wantsNode(entry)) nodes.set(entry, node);
      entries.push(entry);
    }
    return { entries, nodes };
  }
  const cursor = root.walk();
  const entry = (): OutlineEntry => {
    const read: OutlineEntry = { type: types[cursor.nodeTypeId] ?? 'ERROR', start: cursor.startIndex, end: cursor.endIndex };
    if (wantsNode(read)) nodes.set(read, cursor.currentNode);
    return read;
  };
  try {
    const read: OutlineEntry[] = [];
    forEachTopLevelIn(cursor, dirty, () => read.push(entry()));
    read.sort((a, b) => a.start - b.start);
    const entries: OutlineEntry[] = [];
    let next = 0;
    // Statements wholly before every change, or (after one edit, a keystroke) wholly after it,
    // are kept without a search of the changes: a large module has thousands.
    const firstChange = firstChangeStart(reuse.edits, dirty);
    const only = reuse.edits.length === 1 ? reuse.edits[0]! : undefined;
    let lastChange = only ? only.newEnd : Infinity;
    if (only) for (const range of dirty) if (range.end > lastChange) lastChange = range.end;
    const delta = only ? only.newEnd - only.oldEnd : 0;
    for (const previous of reuse.previous) {
      // Where the statement is now: where it was (before every change), shifted by the one edit, or mapped through them all.
      let start = previous.start;
      let end = previous.end;
      if (previous.end >= firstChange - 1) {
        if (only && previous.start > only.oldEnd && previous.start + delta > lastChange) {
          start += delta;
          end += delta;
        } else {
          const range = mapThroughEdits(previous, reuse.edits);
          if (!range || dirty.some((d) => d.start <= range.end && range.start <= d.end)) continue;
          ({ start, end } = range);
        }
      }
      if (overlapsRead(read, start, end)) continue;
      while (next < read.length && read[next]!.start < start) entries.push(read[next++]!);
      previous.start = start;
      previous.end = end;
      entries.push(previous);
    }
    while (next < read.length) entries.push(read[next++]!);
    return { entries, nodes };
  } finally {
    cursor.delete();
  }
}

/** True when a statement read again (sorted, disjoint) overlaps `[start, end)`: error recovery regrouped what was there. */
function overlapsRead(read: readonly OutlineEntry[], start: number, end: number): boolean {
  if (read.length === 0) return false;
  // The last statement read that starts before the range ends is the only one that can reach into it.
  const candidate = read[lastStartingBefore(read, Math.max(end, start + 1))];
  return candidate !== undefined && (candidate.end > start || candidate.start === start);
}

/** The index of the last of `sorted` (by start) that starts before `offset`; -1 when none does. */
export function lastStartingBefore(sorted: readonly OffsetRange[], offset: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]!.start < offset) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/**
 * The nodes of some outline entries, in the current tree: one search from the root each, or one
 * pass along the top level when many are asked for. Undefined where the tree has no such statement.
 */
export function outlineNodes(root: Node, entries: readonly OutlineEntry[], wanted: readonly number[]): (Node | undefined)[] {
  const types = root.tree.language.types;
  const cursor = root.walk();
  const matches = (entry: OutlineEntry) => cursor.startIndex === entry.start && cursor.endIndex === entry.end && (types[cursor.nodeTypeId] ?? 'ERROR') === entry.type;
  try {
    // A search costs a descent through the hidden nodes above the statement; a pass, two steps per statement.
    if (wanted.length * 16 > entries.length) {
      const nodes: (Node | undefined)[] = [];
      let index = 0;
      let next = 0;
      if (cursor.gotoFirstChild()) {
        do {
          if (wanted[next] === index) nodes[next++] = matches(entries[index]!) ? cursor.currentNode : undefined;
          index++;
        } while (next < wanted.length && cursor.gotoNextSibling());
      }
      return wanted.map((_, i) => nodes[i]);
    }
    return wanted.map((index) => {
      const target = entries[index];
      cursor.reset(root);
      if (!target || !cursor.gotoFirstChildForIndex(target.start)) return undefined;
      while (cursor.startIndex < target.start && cursor.gotoNextSibling());
      return matches(target) ? cursor.currentNode : undefined;
    });
  } finally {
    cursor.delete();
  }
}
