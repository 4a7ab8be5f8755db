import type { Tree } from 'web-tree-sitter';
import type { LineIndex, OffsetRange } from './positions';

/**
 * `# noqa` comments, as Ruff reads them:
 * - `# noqa` hides every finding on its line;
 * - `# noqa: FLK101, FLK502` hides those codes on its line;
 * - `# flask-practices: noqa` on a line of its own hides everything in the file, and
 *   `# flask-practices: noqa: FLK101` hides that code in the file.
 */
export interface Suppressions {
  /** Line → suppressed codes; `all` for a bare `# noqa`. */
  byLine: Map<number, Set<string> | 'all'>;
  file: Set<string> | 'all' | undefined;
  /** Every `# noqa` comment, for hovers on its codes and for "disable for this line". */
  comments: NoqaComment[];
}

export interface NoqaComment {
  line: number;
  /** The whole comment token. */
  range: OffsetRange;
  fileLevel: boolean;
  /** The codes listed, with where each sits; empty for a bare `# noqa`. */
  codes: { code: string; range: OffsetRange }[];
}

const NOQA = /#\s*(flask-practices:\s*)?noqa\b(?::\s*([A-Za-z]+[0-9]+(?:\s*,\s*[A-Za-z]+[0-9]+)*))?/iy;
const CODE = /[A-Za-z]+[0-9]+/g;

/** `# noqa` comments of a Python module: the tree says which `#` starts a comment and not a string. */
export function findSuppressions(text: string, tree: Tree, lines: LineIndex): Suppressions {
  return readSuppressions(text, lines, (offset) => {
    const node = tree.rootNode.descendantForIndex(offset, offset + 1);
    return node && node.type === 'comment' && node.startIndex <= offset ? { start: node.startIndex, end: node.endIndex } : undefined;
  });
}

/** `# noqa` comments of another file, from its comments' ranges (in order). */
export function findFileSuppressions(text: string, comments: readonly OffsetRange[], lines: LineIndex): Suppressions {
  return readSuppressions(text, lines, (offset) => comments.find((c) => c.start <= offset && offset < c.end));
}

/** `commentAt(offset)`: the comment holding `offset`, if one does. */
function readSuppressions(text: string, lines: LineIndex, commentAt: (offset: number) => OffsetRange | undefined): Suppressions {
  const result: Suppressions = { byLine: new Map(), file: undefined, comments: [] };
  // Cheap text scan first, from each `#` (indexOf finds them far faster than a regular expression
  // scans a large file); the file's syntax confirms the match sits in a comment and not in a string.
  for (let hash = text.indexOf('#'); hash >= 0; hash = text.indexOf('#', hash + 1)) {
    NOQA.lastIndex = hash;
    const match = NOQA.exec(text);
    if (!match) continue;
    const start = hash;
    const comment = commentAt(start);
    if (!comment) continue;
    const fileLevel = Boolean(match[1]);
    const codes: NoqaComment['codes'] = [];
    if (match[2] !== undefined) {
      const listStart = start + match[0].length - match[2].length;
      for (const code of match[2].matchAll(CODE)) {
        codes.push({ code: code[0].toUpperCase(), range: { start: listStart + code.index, end: listStart + code.index + code[0].length } });
      }
    }
    const line = lines.lineOf(start);
    result.comments.push({ line, range: comment, fileLevel, codes });
    const suppressed: Set<string> | 'all' = codes.length === 0 ? 'all' : new Set(codes.map((c) => c.code));
    if (fileLevel) result.file = merge(result.file, suppressed);
    else result.byLine.set(line, merge(result.byLine.get(line), suppressed));
  }
  return result;
}

export function isSuppressed(suppressions: Suppressions, code: string, line: number): boolean {
  const matches = (set: Set<string> | 'all' | undefined) => set === 'all' || (set !== undefined && set.has(code));
  return matches(suppressions.file) || matches(suppressions.byLine.get(line));
}

function merge(a: Set<string> | 'all' | undefined, b: Set<string> | 'all'): Set<string> | 'all' {
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...(a ?? []), ...b]);
}
