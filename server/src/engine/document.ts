import type { Node, Range, Tree, TreeCursor } from 'web-tree-sitter';
import { deleteTree, makeEdit, type PythonParser } from './parser';
import { LineIndex, type OffsetRange } from './positions';
import { DocumentText } from './textDocument';
import { reparseEqualsFresh, windowsFit } from './reparseCheck';

/** A change to a document in engine terms: replace `range` (UTF-16 offsets) with `text`. */
export interface TextChange {
  range: OffsetRange;
  text: string;
}

const MAX_TRACKED_EDITS = 500;

/**
 * How many reparses a clean tree fresh from a full parse takes to settle: tree-sitter's first
 * reparses after one cost several times a later one (at 50,000 lines 58, 55 and 26 ms, then 12).
 */
const SETTLING_REPARSES = 3;

/** One edit as tree-sitter saw it: `[start, oldEnd)` became `[start, newEnd)`. */
export interface EditRecord {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * What changed since the last {@link ParsedDocument.takeChanges}: either everything (a fresh
 * parse, a replaced text), or the edits in order plus the ranges, in current offsets, whose text
 * or syntax changed (the edited ranges and tree-sitter's changed ranges).
 */
export type DocumentChanges = { fresh: true } | { fresh: false; edits: EditRecord[]; dirty: OffsetRange[] };

/**
 * A document's text and its syntax tree, kept in step by incremental edits.
 * Edits are applied to the tree at once (cheap) and the reparse waits until someone asks
 * for the tree, so a burst of keystrokes costs one parse.
 */
export class ParsedDocument extends DocumentText {
  private tree: Tree | undefined;
  private stale = true;
  /** Changes not yet taken by an analysis; `fresh` once a parse could not build on the old tree. */
  private fresh = true;
  private edits: EditRecord[] = [];
  private dirty: OffsetRange[] = [];
  /** The ranges edited since the tree was last parsed, in current offsets: where a reparse must be checked. */
  private unparsed: OffsetRange[] = [];
  /** How many parses of the whole text this document has cost: tests assert one per analysed edit. */
  parseCount = 0;
  /** How many reparses with errors were checked against fresh parses of the windows around their changes. */
  checkedReparses = 0;
  /** Reparses the tree still takes to settle (see {@link settle}). */
  private unsettled = 0;

  constructor(
    private readonly parser: PythonParser,
    text: string,
    version: number,
  ) {
    super(text, version);
  }

  /**
   * The tree for the current text, reparsed incrementally from the edited old tree. Only the
   * reparse holds two trees, and only until it returns: the old one is deleted at once.
   * The tree always equals a fresh parse of the text: where errors make a reparse doubtful and
   * it cannot be shown equal, the text is parsed afresh and the analysis starts over.
   */
  get syntaxTree(): Tree {
    if (!this.tree || this.stale) {
      const old = this.tree;
      this.tree = undefined;
      let tree = old ? this.reparse(old) : undefined;
      if (old) deleteTree(old);
      if (tree) {
        this.unsettled = Math.max(0, this.unsettled - 1);
      } else {
        tree = this.parse();
        this.markFresh();
        this.unsettled = tree.rootNode.hasError ? 0 : SETTLING_REPARSES;
      }
      this.tree = tree;
      this.unparsed = [];
      this.stale = false;
    }
    return this.tree;
  }

  /**
   * The incremental reparse, or undefined when it may differ from a fresh parse. A clean reparse
   * of a clean tree is the tree a fresh parse gives; where either has errors, tree-sitter's error
   * recovery may have shaped it differently, so it is checked (see reparseCheck.ts). When the
   * old tree already shows that the check could not pay, the reparse is not even tried.
   */
  private reparse(old: Tree): Tree | undefined {
    const oldRoot = old.rootNode;
    const oldErrors = oldRoot.hasError;
    if (oldErrors && !windowsFit(oldRoot, this.currentText.length, this.unparsed)) return undefined;
    const tree = this.parse(old);
    const newRoot = tree.rootNode;
    const newErrors = newRoot.hasError;
    const within = !oldErrors && !newErrors && this.unparsed.length === 1 ? editedNode(oldRoot, newRoot, this.unparsed[0]!) : undefined;
    const changed = within ? [within] : old.getChangedRanges(tree).map((range) => ({ start: range.startIndex, end: range.endIndex }));
    if (oldErrors || newErrors) {
      this.checkedReparses++;
      const parseWindow = (window: Range) => this.parser.parseRange(this.currentText, window);
      if (!reparseEqualsFresh(tree, oldRoot, this.currentText, [...this.unparsed, ...changed], parseWindow)) {
        deleteTree(tree);
        return undefined;
      }
    }
    if (!this.fresh) this.dirty.push(...changed);
    return tree;
  }

  /**
   * One reparse of the unchanged text while a clean tree fresh from a full parse has not settled
   * (see {@link SETTLING_REPARSES}): the language server spends them while it waits, not on the
   * user's first keystrokes. A clean reparse of a clean tree is the same tree, but its nodes are
   * new: whoever holds the old tree's nodes (an analysis) must drop them. False when there is none to do.
   */
  settle(): boolean {
    if (!this.tree || this.stale || this.unsettled === 0) return false;
    const old = this.tree;
    this.tree = this.parser.parse(this.currentText, old);
    deleteTree(old);
    this.unsettled--;
    return true;
  }

  /** What changed since the last call (parsing first, so tree-sitter's changed ranges are in). */
  takeChanges(): DocumentChanges {
    void this.syntaxTree;
    const changes: DocumentChanges = this.fresh ? { fresh: true } : { fresh: false, edits: this.edits, dirty: this.dirty };
    this.fresh = false;
    this.edits = [];
    this.dirty = [];
    return changes;
  }

  /** Applies changes in order (each one's offsets refer to the text after the previous ones). */
  applyChanges(changes: readonly TextChange[], version: number): void {
    for (const change of changes) this.applyChange(change);
    this.version = version;
  }

  /** Replaces the whole text, dropping the tree. */
  replaceText(text: string, version: number): void {
    if (this.tree) deleteTree(this.tree);
    this.tree = undefined;
    this.currentText = text;
    this.index = undefined;
    this.version = version;
    this.stale = true;
    this.markFresh();
  }

  dispose(): void {
    if (this.tree) deleteTree(this.tree);
    this.tree = undefined;
  }

  private parse(old?: Tree): Tree {
    this.parseCount++;
    return this.parser.parse(this.currentText, old);
  }

  /** Drops the changes an analysis would have used (an analysis that was skipped). */
  forgetChanges(): void {
    this.markFresh();
  }

  private markFresh(): void {
    this.fresh = true;
    this.edits = [];
    this.dirty = [];
  }

  private applyChange(change: TextChange): void {
    const oldText = this.currentText;
    let start = Math.max(0, Math.min(change.range.start, oldText.length));
    const end = Math.max(start, Math.min(change.range.end, oldText.length));
    let text = change.text;
    // The parser reads a `\r` as `\n` unless a `\n` follows it (parser.ts): an edit right after a
    // `\r` can change how it reads, so the edit the tree hears starts at the `\r`.
    if (start > 0 && oldText.charCodeAt(start - 1) === 13) {
      start--;
      text = `\r${text}`;
    }
    const newText = oldText.slice(0, start) + text + oldText.slice(end);
    const edit = { start, oldEnd: end, newEnd: start + text.length };
    if (this.tree) {
      const oldLines = this.lines;
      const startPoint = toPoint(oldLines, start);
      const oldEndPoint = toPoint(oldLines, end);
      const newEndPoint = pointAfterInsert(startPoint, text);
      this.tree.edit(makeEdit(start, end, edit.newEnd, startPoint, oldEndPoint, newEndPoint));
      this.unparsed = withEdit(this.unparsed, edit);
      // Hundreds of edits before a parse (checks on save): one range over them all is as good.
      if (this.unparsed.length > MAX_TRACKED_EDITS) this.unparsed = [cover(this.unparsed)];
    }
    // Past a few hundred edits without an analysis (checks on save), a full one is as cheap.
    if (!this.fresh && this.edits.length >= MAX_TRACKED_EDITS) this.markFresh();
    if (!this.fresh) {
      this.dirty = withEdit(this.dirty, edit);
      this.edits.push(edit);
    }
    this.currentText = newText;
    this.index = this.index?.edited(newText, start, end, text.length);
    this.stale = true;
  }
}

/**
 * Where an edit that stayed inside one node changed the tree, without comparing the trees: in two
 * trees without errors, where the module has as many top-level statements and the edit `[start,
 * end)` (in current offsets) lies strictly inside one that starts and ends where it did, with the
 * same type, the deepest node the two trees agree on that way (and on its number of children)
 * around the edit. tree-sitter's changed ranges lie within it (test/incremental.test.ts checks);
 * working them out compares the two trees' top levels, 4 ms a keystroke at 50,000 lines.
 */
export function editedNode(oldRoot: Node, newRoot: Node, edited: OffsetRange): OffsetRange | undefined {
  if (oldRoot.childCount !== newRoot.childCount) return undefined;
  let before: Node = oldRoot;
  let after: Node = newRoot;
  for (let depth = 0; ; depth++) {
    const inBefore = before.firstChildForIndex(edited.start);
    const inAfter = after.firstChildForIndex(edited.start);
    const agree =
      inBefore !== null &&
      inAfter !== null &&
      inAfter.startIndex < edited.start &&
      edited.end < inAfter.endIndex &&
      inBefore.startIndex === inAfter.startIndex &&
      inBefore.endIndex === inAfter.endIndex &&
      inBefore.typeId === inAfter.typeId &&
      inBefore.childCount === inAfter.childCount;
    if (!agree) return depth === 0 ? undefined : { start: after.startIndex, end: after.endIndex };
    before = inBefore;
    after = inAfter;
  }
}

function toPoint(lines: LineIndex, offset: number): { row: number; column: number } {
  // Raw UTF-16 arithmetic, without snapping: tree-sitter's points must agree with its indexes.
  const row = lines.lineOf(offset);
  return { row, column: offset - lines.lineStart(row) };
}

/** Where the inserted text ends, in tree-sitter rows and UTF-16 columns. */
function pointAfterInsert(start: { row: number; column: number }, inserted: string): { row: number; column: number } {
  const lastBreak = Math.max(inserted.lastIndexOf('\n'), inserted.lastIndexOf('\r'));
  if (lastBreak < 0) return { row: start.row, column: start.column + inserted.length };
  const rows = new LineIndex(inserted).lineCount - 1;
  return { row: start.row + rows, column: inserted.length - lastBreak - 1 };
}

/** Ranges after an edit, which is one of them now. */
function withEdit(ranges: readonly OffsetRange[], edit: EditRecord): OffsetRange[] {
  const mapped = ranges.map((range) => mapRange(range, edit));
  mapped.push({ start: edit.start, end: edit.newEnd });
  return mapped;
}

function cover(ranges: readonly OffsetRange[]): OffsetRange {
  return { start: Math.min(...ranges.map((r) => r.start)), end: Math.max(...ranges.map((r) => r.end)) };
}

/** A range after an edit: shifted when it lies after it, stretched over it when they touch. */
function mapRange(range: OffsetRange, { start, oldEnd, newEnd }: EditRecord): OffsetRange {
  const delta = newEnd - oldEnd;
  if (range.end < start) return range;
  if (range.start > oldEnd) return { start: range.start + delta, end: range.end + delta };
  return { start: Math.min(range.start, start), end: Math.max(range.end + delta, newEnd) };
}

/** Where an offset of the text before `edits` is after them, or undefined when an edit touches `[start, end]`. */
export function mapThroughEdits(range: OffsetRange, edits: readonly EditRecord[]): OffsetRange | undefined {
  let { start, end } = range;
  for (const edit of edits) {
    if (edit.start > end) continue;
    if (edit.oldEnd < start) {
      const delta = edit.newEnd - edit.oldEnd;
      start += delta;
      end += delta;
      continue;
    }
    return undefined;
  }
  return { start, end };
}

/**
 * Where the first change starts: the least start of the edits and the dirty ranges (Infinity
 * when there are none). A loop, not `Math.min(...a.map())`: the arrays are empty on some keystrokes
 * and not on others, and an inlined `map` deoptimised the function each time it met the other kind.
 */
export function firstChangeStart(edits: readonly EditRecord[], dirty: readonly OffsetRange[]): number {
  let first = Infinity;
  for (const edit of edits) if (edit.start < first) first = edit.start;
  for (const range of dirty) if (range.start < first) first = range.start;
  return first;
}

/** Dirty ranges grown to whole lines (a statement's findings may read its lines' other text), merged and sorted. */
export function wholeLines(text: string, ranges: readonly OffsetRange[]): OffsetRange[] {
  // Loops, not map and sort: the list is empty on some keystrokes, and an inlined map deoptimised
  // its callers each time it met the other kind of array (see firstChangeStart).
  const grown: OffsetRange[] = [];
  for (let i = 0; i < ranges.length; i++) {
    let lineStart = ranges[i]!.start;
    while (lineStart > 0 && !isLineBreak(text.charCodeAt(lineStart - 1))) lineStart--;
    let lineEnd = ranges[i]!.end;
    while (lineEnd < text.length && !isLineBreak(text.charCodeAt(lineEnd))) lineEnd++;
    // Closed ranges: from the first line's start to the last line's break.
    grown.push({ start: lineStart, end: lineEnd });
  }
  if (grown.length > 1) grown.sort((a, b) => a.start - b.start);
  const merged: OffsetRange[] = [];
  for (let i = 0; i < grown.length; i++) {
    const range = grown[i]!;
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push(range);
  }
  return merged;
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13;
}

/**
 * Calls `visit` once for each top-level statement (comments included) that reaches into one of
 * `ranges` (sorted, merged: see {@link wholeLines}), or ends right at its start, with the cursor,
 * which starts and ends at the root, on it, and the range it was found for.
 */
export function forEachTopLevelIn(cursor: TreeCursor, ranges: readonly OffsetRange[], visit: (range: OffsetRange) => void): void {
  const seen = new Set<number>();
  for (const range of ranges) {
    if (!cursor.gotoFirstChildForIndex(Math.max(0, range.start - 1))) continue;
    do {
      if (cursor.startIndex > range.end) break;
      if (seen.has(cursor.startIndex)) continue;
      seen.add(cursor.startIndex);
      visit(range);
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
}
