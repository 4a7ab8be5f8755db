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

/** In Python, the finding's first line; a comment cannot go where the line ends inside a string. */
export function pythonNoqaPlace(finding: Finding, tree: Tree, lines: LineIndex): NoqaPlace {
  const line = lines.lineOf(finding.range.start);
  const lineEnd = lines.lineContentEnd(line);
  const atLineEnd = tree.rootNode.descendantForIndex(Math.max(0, lineEnd - 1), lineEnd);
  const insideString = !!atLineEnd && /string/.test(atLineEnd.type) && atLineEnd.endIndex > lineEnd;
  return { line, insertable: !insideString };
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
