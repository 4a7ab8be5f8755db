import type { Node, Range, Tree, TreeCursor } from 'web-tree-sitter';
import { deleteTree } from './parser';
import type { OffsetRange } from './positions';

/**
 * Whether an incremental reparse can stand for a fresh parse of the same text.
 *
 * Tree-sitter's error recovery can shape a tree differently after incremental edits, so where
 * errors are involved the reparse is checked. Python's top level splits into independent pieces
 * at an *anchor*: a statement without errors at column 0 on a line of its own, after a statement
 * without errors. Parsing stops depending on what came before at an anchor, and the text before
 * it gives the same tree whatever follows. So when the reparse changed nothing outside windows
 * that run from an untouched anchor before each change to one after it, and a fresh parse of
 * each window alone gives the reparse's subtrees there, the reparse is what a fresh parse of
 * the whole text gives: the old tree was, outside the windows nothing changed, and the windows
 * were just compared.
 */

/** Past this share of the text, windows cost about what a fresh parse costs: parse afresh. */
const MAX_WINDOW_SHARE = 0.5;

/** A window's range, with the points tree-sitter needs to parse it alone. */
type Window = Range;

/**
 * True when `tree` (reparsed from an old tree that equals a fresh parse) equals a fresh parse of
 * `text`, given every range where the text or the tree changed, in current offsets.
 * `parseWindow` parses a range of `text` alone, from scratch; the caller deletes nothing.
 *
 * A window without errors in either `tree` or `oldRoot` (the edited old tree's root) is not
 * parsed: a clean reparse of a clean parse is what a fresh parse gives, as document.ts holds for
 * whole trees, and a window starts where parsing starts afresh. Typing far from an error then
 * costs no window parse and no comparison (test/incremental.test.ts checks the two agree).
 */
export function reparseEqualsFresh(tree: Tree, oldRoot: Node, text: string, changed: readonly OffsetRange[], parseWindow: (window: Range) => Tree): boolean {
  const windows = windowsAround(tree.rootNode, text.length, changed);
  if (!windows || !stringsEndBeforeWindows(tree.rootNode, text, windows)) return false;
  for (const window of windows) {
    if (cleanWithin(tree.rootNode, window) && cleanWithin(oldRoot, window)) continue;
    const fresh = parseWindow(window);
    try {
      if (!sameChildren(tree.rootNode, fresh.rootNode, window)) return false;
    } finally {
      deleteTree(fresh);
    }
  }
  return true;
}

/**
 * False when the windows around `changed` would cover too much of the text for a check to pay:
 * asked of the edited old tree before reparsing, it spares a reparse that could not stand (one
 * error that turns the rest of the file into ERROR nodes leaves no anchor to stop a window at).
 */
export function windowsFit(root: Node, length: number, changed: readonly OffsetRange[]): boolean {
  return windowsAround(root, length, changed) !== undefined;
}

/** The windows around the changed ranges, merged; undefined when they would cover too much of the text. */
function windowsAround(root: Node, length: number, changed: readonly OffsetRange[]): Window[] | undefined {
  const windows: Window[] = [];
  const most = MAX_WINDOW_SHARE * length;
  let covered = 0;
  for (const range of mergeClosed(changed)) {
    const start = anchorBefore(root, range.start, most - covered);
    const end = start && anchorAfter(root, length, range.end, most - covered - (range.end - start.startIndex));
    if (!start || !end) return undefined;
    let window: Window = { ...start, ...end };
    const last = windows[windows.length - 1];
    if (last && window.startIndex <= last.endIndex) {
      windows.pop();
      covered -= last.endIndex - last.startIndex;
      window = { ...window, startIndex: last.startIndex, startPosition: last.startPosition };
    }
    covered += window.endIndex - window.startIndex;
    if (covered > most) return undefined;
    windows.push(window);
  }
  return windows;
}

/** The start of the last anchor ending before `offset` (not touching it), or of the text; undefined past `most` characters back. */
function anchorBefore(root: Node, offset: number, most: number): Pick<Range, 'startIndex' | 'startPosition'> | undefined {
  const cursor = root.walk();
  try {
    if (cursor.gotoFirstChildForIndex(offset) || cursor.gotoLastChild()) {
      do {
        if (offset - cursor.startIndex > most) return undefined;
        if (cursor.endIndex < offset && mayBeAnchor(cursor) && isAnchor(cursor.currentNode)) return { startIndex: cursor.startIndex, startPosition: cursor.startPosition };
      } while (cursor.gotoPreviousSibling());
    }
    return offset > most ? undefined : { startIndex: 0, startPosition: { row: 0, column: 0 } };
  } finally {
    cursor.delete();
  }
}

/**
 * The start of the first anchor after `offset` whose statement before starts after it too, so
 * that both sides of the boundary are untouched; or the end of the text; undefined past `most`
 * characters on.
 */
function anchorAfter(root: Node, length: number, offset: number, most: number): Pick<Range, 'endIndex' | 'endPosition'> | undefined {
  const cursor = root.walk();
  try {
    if (cursor.gotoFirstChildForIndex(offset)) {
      do {
        if (cursor.startIndex - offset > most) return undefined;
        if (cursor.startIndex <= offset || !mayBeAnchor(cursor)) continue;
        const node = cursor.currentNode;
        if (isAnchor(node) && (statementBefore(node)?.startIndex ?? Infinity) > offset) return { endIndex: cursor.startIndex, endPosition: cursor.startPosition };
      } while (cursor.gotoNextSibling());
    }
    return length - offset > most ? undefined : { endIndex: length, endPosition: root.endPosition };
  } finally {
    cursor.delete();
  }
}

/** What the cursor alone tells of an anchor, before a node is made: no ERROR or comment, at column 0. */
function mayBeAnchor(cursor: TreeCursor): boolean {
  const type = cursor.nodeType;
  return type !== 'ERROR' && type !== 'comment' && cursor.startPosition.column === 0;
}

/**
 * A top-level statement where parsing starts afresh: no errors, at column 0 on a line of its
 * own, and the statement before it (comments aside) has no errors either.
 */
function isAnchor(node: Node): boolean {
  if (node.type === 'comment' || !isClean(node) || node.startPosition.column !== 0) return false;
  const previous = node.previousSibling;
  if (previous && previous.endPosition.row >= node.startPosition.row) return false;
  const before = statementBefore(node);
  return before === null || isClean(before);
}

/** The previous top-level sibling that is not a comment, or null at the start. */
function statementBefore(node: Node): Node | null {
  let previous = node.previousSibling;
  while (previous?.type === 'comment') previous = previous.previousSibling;
  return previous;
}

function isClean(node: Node): boolean {
  return !node.hasError && !node.isMissing && !node.isError;
}

/**
 * True when no string that could start in a top-level statement with errors runs to the next
 * window boundary. Lexing a string reads ahead to its closing quote; in a statement with errors,
 * error recovery may have dropped a string that found none, and tree-sitter then forgets how far
 * the lexer read, so the reparse keeps a tree that a closing quote typed far below would change.
 * A string that ends before the boundary read only text that is the same as before.
 */
function stringsEndBeforeWindows(root: Node, text: string, windows: readonly Window[]): boolean {
  const boundaries = windows.flatMap((window) => [window.startIndex, window.endIndex]);
  const cursor = root.walk();
  try {
    if (!cursor.gotoFirstChild()) return true;
    let next = 0;
    do {
      const start = cursor.startIndex;
      while (next < boundaries.length && boundaries[next]! <= start) next++;
      if (next === boundaries.length) return true;
      const end = cursor.endIndex;
      if (QUOTE.test(text.slice(start, end)) && !isClean(cursor.currentNode)) {
        for (let at = start; at < end; at++) if (isQuote(text[at]!) && stringReach(text, at) >= boundaries[next]!) return false;
      }
    } while (cursor.gotoNextSibling());
    return true;
  } finally {
    cursor.delete();
  }
}

const QUOTE = /["'`]/;

function isQuote(char: string): boolean {
  return char === '"' || char === "'" || char === '`';
}

/**
 * How far the lexer may read for a string whose opening quote is at `at`: past its closing
 * quote (a backslash escapes the next character), and through the interpolations of an
 * f-string; Infinity when it has no end.
 */
function stringReach(text: string, at: number): number {
  const quote = text[at]!;
  const triple = text.startsWith(quote.repeat(3), at);
  const format = /[fFtT][a-zA-Z]?$/.test(text.slice(Math.max(0, at - 2), at));
  let i = at + (triple ? 3 : 1);
  // tree-sitter-python's scanner reads over a line break that comes before any content.
  let contentFrom = i;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '\\') {
      i += text.startsWith('\r\n', i + 1) ? 3 : 2;
      contentFrom = i;
    } else if (triple ? text.startsWith(quote.repeat(3), i) : char === quote) {
      return i + (triple ? 3 : 1);
    } else if (char === '\n' && !triple && i > contentFrom) {
      return i + 1;
    } else if (format && char === '{') {
      if (text[i + 1] === '{') i += 2;
      else i = interpolationEnd(text, i);
      contentFrom = i;
    } else {
      i++;
    }
  }
  return Infinity;
}

/** Just past the `}` that closes the interpolation opened at `at`; Infinity when none does. */
function interpolationEnd(text: string, at: number): number {
  const closers: string[] = [];
  for (let i = at; i < text.length; ) {
    const char = text[i]!;
    if (isQuote(char)) {
      i = stringReach(text, i);
      continue;
    }
    const closer = char === '{' ? '}' : char === '(' ? ')' : char === '[' ? ']' : undefined;
    if (closer) closers.push(closer);
    else if (char === '}' || char === ')' || char === ']') {
      if (closers.pop() !== char) return Infinity;
      if (closers.length === 0) return i + 1;
    }
    i++;
  }
  return Infinity;
}

/** True when no top-level statement of `root` that reaches into `window` has errors. */
function cleanWithin(root: Node, window: Window): boolean {
  const cursor = root.walk();
  try {
    if (!cursor.gotoFirstChildForIndex(window.startIndex)) return true;
    do {
      if (cursor.startIndex >= window.endIndex) return true;
      if (!isClean(cursor.currentNode)) return false;
    } while (cursor.gotoNextSibling());
    return true;
  } finally {
    cursor.delete();
  }
}

/** Closed ranges sorted and merged where they touch. */
function mergeClosed(ranges: readonly OffsetRange[]): OffsetRange[] {
  const merged: OffsetRange[] = [];
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** True when the top-level nodes of `root` inside `window` are the nodes of `fresh`, subtree by subtree. */
function sameChildren(root: Node, fresh: Node, window: Window): boolean {
  const ours = root.walk();
  const theirs = fresh.walk();
  try {
    const inside = () => ours.startIndex < window.endIndex;
    let oursThere = (window.startIndex === 0 ? ours.gotoFirstChild() : ours.gotoFirstChildForIndex(window.startIndex)) && inside();
    let theirsThere = theirs.gotoFirstChild();
    while (oursThere && theirsThere) {
      if (!sameSubtree(ours, theirs)) return false;
      oursThere = ours.gotoNextSibling() && inside();
      theirsThere = theirs.gotoNextSibling();
    }
    return oursThere === theirsThere;
  } finally {
    ours.delete();
    theirs.delete();
  }
}

/** Compares the subtrees under two cursors node by node; each cursor ends where it started when they are equal. */
function sameSubtree(a: TreeCursor, b: TreeCursor): boolean {
  let depth = 0;
  for (;;) {
    if (a.nodeTypeId !== b.nodeTypeId || a.startIndex !== b.startIndex || a.endIndex !== b.endIndex || a.nodeIsMissing !== b.nodeIsMissing || a.currentFieldId !== b.currentFieldId) return false;
    const down = a.gotoFirstChild();
    if (down !== b.gotoFirstChild()) return false;
    if (down) {
      depth++;
      continue;
    }
    for (;;) {
      if (depth === 0) return true;
      const next = a.gotoNextSibling();
      if (next !== b.gotoNextSibling()) return false;
      if (next) break;
      a.gotoParent();
      b.gotoParent();
      depth--;
    }
  }
}
