import { CST, Lexer, parseDocument, visit, type Document } from 'yaml';
import type { OffsetRange } from '../positions';

export interface ComposeRead {
  document: Document.Parsed;
  comments: OffsetRange[];
  /** Scalars that span lines: a `#` inside one is text, and an added comment would cut it. */
  multilineScalars: OffsetRange[];
}

/** Lexer tokens that mark structure without standing for any source text. */
const MARKERS = new Set<string>([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

/** A Compose file through the `yaml` package: its document, its comments (from the lexer) and its multi-line scalars. */
export function readCompose(text: string): ComposeRead {
  const document = parseDocument(text);
  const comments: OffsetRange[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (MARKERS.has(token)) continue;
    if (token.startsWith('#')) comments.push({ start: offset, end: offset + token.length });
    offset += token.length;
  }
  const multilineScalars: OffsetRange[] = [];
  visit(document, {
    Scalar(_key, node) {
      const range = node.range;
      if (range && /[\r\n]/.test(text.slice(range[0], range[1]))) multilineScalars.push({ start: range[0], end: range[1] });
    },
  });
  return { document, comments, multilineScalars };
}
