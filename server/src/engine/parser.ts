import { Edit, Language, Parser, type Point, type Range, type Tree } from 'web-tree-sitter';

/** The bytes a host hands the engine: it never reads files itself, so it runs in a browser too. */
export interface GrammarBytes {
  /** web-tree-sitter's own runtime, `web-tree-sitter.wasm`. */
  treeSitterWasm: Uint8Array;
  /** The Python grammar, `tree-sitter-python.wasm`. */
  pythonWasm: Uint8Array;
}

/** One Parser for the whole process: the wasm heap never shrinks, so parsers are not multiplied. */
export class PythonParser {
  /** How many texts this parser has parsed, whole or again after an edit: tests count them. */
  parseCount = 0;

  private constructor(private readonly parser: Parser) {}

  static async create(bytes: GrammarBytes): Promise<PythonParser> {
    // `locateFile` even though the bytes are given: in a browser bundle `import.meta.url` is empty,
    // and without it web-tree-sitter throws while working out a URL it will not fetch.
    await Parser.init({ wasmBinary: bytes.treeSitterWasm, locateFile: (name: string) => name });
    const language = await Language.load(bytes.pythonWasm);
    const parser = new Parser();
    parser.setLanguage(language);
    return new PythonParser(parser);
  }

  /**
   * Parses `text`, reusing `oldTree` (already edited to match) when given. Never returns null.
   * A lone `\r` is a line break to Python but not to tree-sitter-python, so the parser reads it
   * as `\n`: same length, so every offset holds, and rows count lines as positions.ts does.
   */
  parse(text: string, oldTree?: Tree): Tree {
    this.parseCount++;
    const tree = this.parser.parse(parserText(text), oldTree ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }

  /** Parses only `range` of `text`, from scratch, as if the rest were absent; nodes keep their offsets in `text`. */
  parseRange(text: string, range: Range): Tree {
    const tree = this.parser.parse(text, null, { includedRanges: [range] });
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }
}

/** The text as the parser reads it: lone carriage returns (old Mac line breaks) become `\n`. */
export function parserText(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

export function makeEdit(
  startIndex: number,
  oldEndIndex: number,
  newEndIndex: number,
  startPosition: Point,
  oldEndPosition: Point,
  newEndPosition: Point,
): Edit {
  return new Edit({ startIndex, oldEndIndex, newEndIndex, startPosition, oldEndPosition, newEndPosition });
}
