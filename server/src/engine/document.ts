import type { Tree } from 'web-tree-sitter';
import { makeEdit, type PythonParser } from './parser';
import { LineIndex, type OffsetRange } from './positions';

/** A change to a document in engine terms: replace `range` (UTF-16 offsets) with `text`. */
export interface TextChange {
  range: OffsetRange;
  text: string;
}

/**
 * A document's text and its syntax tree, kept in step by incremental edits.
 * Edits are applied to the tree at once (cheap) and the reparse waits until someone asks
 * for the tree, so a burst of keystrokes costs one parse.
 */
export class ParsedDocument {
  private currentText: string;
  private index: LineIndex | undefined;
  private tree: Tree | undefined;
  private stale = true;
  /** How many parses this document has cost: tests assert one per analysed edit. */
  parseCount = 0;

  constructor(
    private readonly parser: PythonParser,
    text: string,
    public version: number,
  ) {
    this.currentText = text;
  }

  get text(): string {
    return this.currentText;
  }

  get lines(): LineIndex {
    this.index ??= new LineIndex(this.currentText);
    return this.index;
  }

  /** The tree for the current text, reparsing incrementally from the edited old tree. */
  get syntaxTree(): Tree {
    if (!this.tree || this.stale) {
      const old = this.tree;
      // A tree with errors can recover differently after incremental edits; a fresh
      // parse keeps the findings equal to a fresh analysis.
      const reuse = old && !old.rootNode.hasError ? old : undefined;
      this.tree = this.parser.parse(this.currentText, reuse);
      this.parseCount++;
      old?.delete();
      this.stale = false;
    }
    return this.tree;
  }

  /** Applies changes in order (each one's offsets refer to the text after the previous ones). */
  applyChanges(changes: readonly TextChange[], version: number): void {
    for (const change of changes) this.applyChange(change);
    this.version = version;
  }

  /** Replaces the whole text, dropping the tree. */
  replaceText(text: string, version: number): void {
    this.tree?.delete();
    this.tree = undefined;
    this.currentText = text;
    this.index = undefined;
    this.version = version;
    this.stale = true;
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
  }

  private applyChange({ range, text }: TextChange): void {
    const oldText = this.currentText;
    const start = Math.max(0, Math.min(range.start, oldText.length));
    const end = Math.max(start, Math.min(range.end, oldText.length));
    const newText = oldText.slice(0, start) + text + oldText.slice(end);
    if (this.tree) {
      const oldLines = this.lines;
      const startPoint = toPoint(oldLines, start);
      const oldEndPoint = toPoint(oldLines, end);
      const newEndPoint = pointAfterInsert(startPoint, text);
      this.tree.edit(makeEdit(start, end, start + text.length, startPoint, oldEndPoint, newEndPoint));
    }
    this.currentText = newText;
    this.index = undefined;
    this.stale = true;
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
