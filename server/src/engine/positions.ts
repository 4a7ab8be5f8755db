/**
 * The one place where positions are converted.
 *
 * Inside the engine every position is a UTF-16 offset into the document string: that is what
 * JavaScript strings index by and what web-tree-sitter reports when it parses a string.
 * Hosts convert at the edge: the LSP layer to the negotiated encoding (UTF-16 by default,
 * UTF-8 or UTF-32 when the client asks), the CLI to 1-based code-point columns as Ruff prints.
 */

export type PositionEncoding = 'utf-16' | 'utf-8' | 'utf-32';

/** A zero-based line and a column counted in the units of some encoding. */
export interface LineColumn {
  line: number;
  character: number;
}

/** A half-open UTF-16 offset range inside a document. */
export interface OffsetRange {
  start: number;
  end: number;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Width of the code point starting at `index` in the given encoding, and its UTF-16 length. */
function codePointWidths(text: string, index: number): { units: number; width: Record<PositionEncoding, number> } {
  const code = text.charCodeAt(index);
  if (isHighSurrogate(code) && index + 1 < text.length && isLowSurrogate(text.charCodeAt(index + 1))) {
    return { units: 2, width: { 'utf-16': 2, 'utf-8': 4, 'utf-32': 1 } };
  }
  const utf8 = code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
  return { units: 1, width: { 'utf-16': 1, 'utf-8': utf8, 'utf-32': 1 } };
}

/** The first index of ascending `sorted` whose value is at least `value` (its length when none is). */
function firstAtOrAfter(sorted: Int32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Line starts of a text, computed once; converts offsets to line/column and back. */
export class LineIndex {
  /** Typed, so an edit copies and shifts them in bulk (see {@link edited}). */
  private readonly starts: Int32Array;
  /** The line {@link lineOf} answered last, where its next search starts. */
  private lastLine = 0;

  constructor(
    private readonly text: string,
    /** Known line starts of `text` (from {@link LineIndex.edited}). */
    knownStarts?: Int32Array,
  ) {
    if (knownStarts) {
      this.starts = knownStarts;
      return;
    }
    const starts = [0];
    // Built on every keystroke for large files too: without CRs, indexOf finds the breaks far faster.
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = Int32Array.from(starts);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.starts = Int32Array.from(starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /**
   * The index of `newText`: this text with `[start, end)` replaced by `insertedLength` characters.
   * Line starts before the edit are kept and those after it shifted; only the edited stretch is
   * scanned, so a keystroke in a large file does not rescan it.
   */
  edited(newText: string, start: number, end: number, insertedLength: number): LineIndex {
    const old = this.starts;
    const newEnd = start + insertedLength;
    const delta = newEnd - end;
    // A start p depends on the characters at p - 1 and p (a CR followed by LF is one break).
    // Bulk copies, not a push per line: a keystroke in a 50,000-line file stays far under a millisecond here.
    const headEnd = Math.max(1, firstAtOrAfter(old, start));
    const scanTo = Math.min(newEnd + 1, newText.length);
    const from = Math.max(start, 1);
    const scanned: number[] = [];
    if (!newText.slice(from - 1, scanTo).includes('\r')) {
      // A large paste: without CRs, indexOf finds the breaks far faster.
      for (let lf = newText.indexOf('\n', from - 1); lf >= 0 && lf < scanTo; lf = newText.indexOf('\n', lf + 1)) scanned.push(lf + 1);
    } else {
      for (let p = from; p <= scanTo; p++) {
        const c = newText.charCodeAt(p - 1);
        if (c === 10 || (c === 13 && newText.charCodeAt(p) !== 10)) scanned.push(p);
      }
    }
    const tailStart = Math.max(headEnd, firstAtOrAfter(old, end + 2));
    const starts = new Int32Array(headEnd + scanned.length + old.length - tailStart);
    starts.set(old.subarray(0, headEnd));
    starts.set(scanned, headEnd);
    let to = headEnd + scanned.length;
    for (let i = tailStart; i < old.length; i++) starts[to++] = old[i]! + delta;
    return new LineIndex(newText, starts);
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }

  /** Offset just past the line's content, before its line break. */
  lineContentEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length;
    let end = next;
    if (end > this.lineStart(line) && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStart(line) && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /**
   * The zero-based line containing an offset (clamped into the text). Offsets are mostly asked for
   * in order (a summary reads each finding's start, end and line end, finding after finding): the
   * search gallops forward from the last answer, a few steps where a search of the whole file takes
   * sixteen at 50,000 lines.
   */
  lineOf(offset: number): number {
    const target = clamp(offset, 0, this.text.length);
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    const last = this.lastLine;
    if (starts[last]! <= target) {
      low = last;
      // The first line past `last` that starts after the target bounds the search from above.
      for (let step = 1; last + step <= high; step *= 2) {
        if (starts[last + step]! > target) {
          high = last + step - 1;
          break;
        }
        low = last + step;
      }
    }
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= target) low = mid;
      else high = mid - 1;
    }
    this.lastLine = low;
    return low;
  }

  /** Offset → line/column in the given encoding. An offset inside a surrogate pair snaps back to the pair's start. */
  positionAt(offset: number, encoding: PositionEncoding = 'utf-16'): LineColumn {
    return this.positionInto(offset, encoding, { line: 0, character: 0 });
  }

  /** {@link positionAt}, written into `into` and returned: a summary of thousands of findings makes no object per position. */
  positionInto(offset: number, encoding: PositionEncoding, into: LineColumn): LineColumn {
    let target = clamp(offset, 0, this.text.length);
    if (target > 0 && target < this.text.length && isLowSurrogate(this.text.charCodeAt(target)) && isHighSurrogate(this.text.charCodeAt(target - 1))) {
      target--;
    }
    const line = this.lineOf(target);
    const start = this.starts[line]!;
    into.line = line;
    if (encoding === 'utf-16') {
      into.character = target - start;
      return into;
    }
    let character = 0;
    for (let i = start; i < target; ) {
      const { units, width } = codePointWidths(this.text, i);
      character += width[encoding];
      i += units;
    }
    into.character = character;
    return into;
  }

  /**
   * Line/column in the given encoding → offset. Out-of-range lines and columns clamp to the
   * text, as LSP asks; a column that lands inside a code point snaps to that code point's start.
   */
  offsetAt(position: LineColumn, encoding: PositionEncoding = 'utf-16'): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line]!;
    const end = this.lineContentEnd(position.line);
    const wanted = Math.max(0, position.character);
    let offset = start;
    let character = 0;
    while (offset < end) {
      const { units, width } = codePointWidths(this.text, offset);
      if (character + width[encoding] > wanted) break;
      character += width[encoding];
      offset += units;
    }
    return offset;
  }
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}

/** 1-based line and 1-based code-point column, as command-line linters print them. */
export function cliPosition(index: LineIndex, offset: number): { line: number; column: number } {
  const { line, character } = index.positionAt(offset, 'utf-32');
  return { line: line + 1, column: character + 1 };
}

/** The text's own line break, so inserted lines match the file (CRLF files stay CRLF). */
export function detectEol(text: string): string {
  return /\r\n?|\n/.exec(text)?.[0] ?? '\n';
}

/**
 * Where `position` is after replacing `[start, end)` with `text`, all in one encoding; undefined
 * when the replaced range touches it. The language server moves the findings it holds with the
 * user's edits until the next analysis (with `run: onSave`, until the file is saved).
 */
export function positionAfterEdit(
  position: LineColumn,
  edit: { start: LineColumn; end: LineColumn; text: string },
  encoding: PositionEncoding,
): LineColumn | undefined {
  const before = (a: LineColumn, b: LineColumn) => a.line < b.line || (a.line === b.line && a.character < b.character);
  if (before(position, edit.start)) return position;
  if (!before(edit.end, position)) return undefined;
  const inserted = new LineIndex(edit.text);
  const lastLine = inserted.lineCount - 1;
  const tail = inserted.positionAt(edit.text.length, encoding).character;
  const endLine = edit.start.line + lastLine;
  const endCharacter = lastLine === 0 ? edit.start.character + tail : tail;
  if (position.line !== edit.end.line) return { line: position.line + endLine - edit.end.line, character: position.character };
  return { line: endLine, character: endCharacter + position.character - edit.end.character };
}
