import type { Tree } from 'web-tree-sitter';
import type { FileRead } from './files';
import { fileNoqaLine } from './fileRunner';
import type { LineIndex } from './positions';
import type { Finding } from './rule';
import { isFileHeaderLine } from './syntax';

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
export function pythonNoqaPlaces(text: string, tree: Tree, lines: LineIndex): (finding: Finding) => NoqaPlace {
  let spans: StringSpans | undefined;
  return (finding) => {
    const line = lines.lineOf(finding.range.start);
    const lineEnd = lines.lineContentEnd(line);
    spans ??= new StringSpans(text, tree.rootNode.hasError);
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
 */
class StringSpans {
  /** Offsets of the text's triple quotes, in order; undefined when the tree has errors (then no line end is ruled out). */
  private readonly quotes: number[] | undefined;

  constructor(
    private readonly text: string,
    hasError: boolean,
  ) {
    this.quotes = hasError ? undefined : tripleQuotes(text);
  }

  mayCross(lineEnd: number): boolean {
    const quotes = this.quotes;
    if (!quotes || this.text[lineEnd - 1] === '\\') return true;
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
function tripleQuotes(text: string): number[] {
  const found: number[] = [];
  let double = text.indexOf('"""');
  let single = text.indexOf("'''");
  while (double >= 0 || single >= 0) {
    const at = single < 0 || (double >= 0 && double < single) ? double : single;
    found.push(at);
    // The next match starts after this one, as a global regular expression's would.
    if (double >= 0 && double < at + 3) double = text.indexOf('"""', at + 3);
    if (single >= 0 && single < at + 3) single = text.indexOf("'''", at + 3);
  }
  return found;
}
