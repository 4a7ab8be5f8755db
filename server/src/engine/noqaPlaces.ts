import type { Node, Tree } from 'web-tree-sitter';
import { lastStartingBefore, outlineNodes, type OutlineEntry } from './semantic/outline';
import type { FileRead } from './files';
import { fileNoqaLine } from './fileRunner';
import type { LineIndex } from './positions';
import type { Finding } from './rule';
import { isFileHeaderLine } from './syntax';
import type { WordPresence } from './wordPresence';

/** Where a finding's `# noqa` comment is read, and whether one can be appended to that line. */
export interface NoqaPlace {
  line: number;
  insertable: boolean;
}

/**
 * In Python, the finding's first line; a comment cannot go where the line ends inside a string.
 * Made once per analysis, asked once per finding: a line end that no string can span is answered
 * from the text, without a call into the tree (thousands of findings are summarised per keystroke).
 */
export function pythonNoqaPlaces(
  text: string,
  tree: Tree,
  lines: LineIndex,
  /** The tree's top-level statements (semantic/outline.ts): with errors, a line end in a statement without one is answered from the text too. */
  outline?: readonly OutlineEntry[],
  /** Which words the text holds, kept across keystrokes: a kind of triple quote the text lacks is not searched for. */
  words?: WordPresence,
): (finding: Finding) => NoqaPlace {
  let spans: StringSpans | undefined;
  return (finding) => {
    const line = lines.lineOf(finding.range.start);
    const lineEnd = lines.lineContentEnd(line);
    spans ??= new StringSpans(text, tree.rootNode.hasError ? { root: tree.rootNode, outline } : undefined, words);
    if (!spans.mayCross(lineEnd)) return { line, insertable: true };
    const atLineEnd = tree.rootNode.descendantForIndex(Math.max(0, lineEnd - 1), lineEnd);
    const insideString = !!atLineEnd && /string/.test(atLineEnd.type) && atLineEnd.endIndex > lineEnd;
    return { line, insertable: !insideString };
  };
}

/**
 * Where a string token may run past a line end. In a tree without errors, a string token spans a
 * line break only inside a triple-quoted string (a triple quote before the line end and one at or
 * after it) or after a backslash (a raw string's continuation); any other line end is no string's.
 * In a tree with errors, the same holds inside a top-level statement without one (its tokens
 * are those of valid code, its strings closed), and no token runs past a line end between
 * statements; inside a statement with an error, any line end may be a string's.
 */
class StringSpans {
  /** Offsets of the text's triple quotes, in order. */
  private readonly quotes: number[];

  constructor(
    private readonly text: string,
    /** Set when the tree has errors; without an outline, no line end is ruled out. */
    private readonly errors: { root: Node; outline: readonly OutlineEntry[] | undefined } | undefined,
    words?: WordPresence,
  ) {
    this.quotes = tripleQuotes(text, (quote) => words?.has(quote) ?? true);
  }

  mayCross(lineEnd: number): boolean {
    if (this.errors) {
      const { root, outline } = this.errors;
      if (!outline) return true;
      // The top-level statement holding the line end's last character and running past it, if any.
      const index = lastStartingBefore(outline, lineEnd);
      const statement = outline[index];
      if (!statement || statement.end <= lineEnd) return false;
      statement.hasError ??= outlineNodes(root, outline, [index])[0]?.hasError ?? true;
      if (statement.hasError) return true;
    }
    const quotes = this.quotes;
    if (this.text[lineEnd - 1] === '\\') return true;
    return quotes.length > 0 && quotes[0]! < lineEnd && quotes[quotes.length - 1]! >= lineEnd - 2;
  }
}

/** In other files, the finding's last line, where the file's syntax says whether a comment may follow. */
export function fileNoqaPlaces(findings: readonly Finding[], read: FileRead, lines: LineIndex): Map<Finding, NoqaPlace> {
  const places = new Map<Finding, NoqaPlace>();
  for (const finding of findings) {
    const line = fileNoqaLine(lines, finding.range);
    places.set(finding, { line, insertable: read.acceptsTrailingComment(line) });
  }
  return places;
}

/** The shebang and PEP 263 coding lines at the top of a module, which must stay there. */
export function pythonHeaderLines(text: string, lines: LineIndex): number {
  let line = 0;
  while (line < 2 && line < lines.lineCount) {
    const content = text.slice(lines.lineStart(line), lines.lineContentEnd(line));
    if (!isFileHeaderLine(content, line)) break;
    line++;
  }
  return line;
}

/** Offsets of `"""` and `'''` in the text, in order, as a left-to-right scan finds them (indexOf: far faster than a regular expression over a large file). */
function tripleQuotes(text: string, mayHold: (quote: string) => boolean): number[] {
  const found: number[] = [];
  let double = mayHold('"""') ? text.indexOf('"""') : -1;
  let single = mayHold("'''") ? text.indexOf("'''") : -1;
  while (double >= 0 || single >= 0) {
    const at = single < 0 || (double >= 0 && double < single) ? double : single;
    found.push(at);
    // The next match starts after this one, as a global regular expression's would.
    if (double >= 0 && double < at + 3) double = text.indexOf('"""', at + 3);
    if (single >= 0 && single < at + 3) single = text.indexOf("'''", at + 3);
  }
  return found;
}
