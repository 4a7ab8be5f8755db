import { Edit, Language, Parser, type Node, type Point, type Range, type Tree, type TreeCursor } from 'web-tree-sitter';

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
    const tree = this.parser.parse(chunkReader(parserText(text)), oldTree ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }

  /** Parses only `range` of `text`, from scratch, as if the rest were absent; nodes keep their offsets in `text`. */
  parseRange(text: string, range: Range): Tree {
    const tree = this.parser.parse(chunkReader(text), null, { includedRanges: [range] });
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }
}

/** UTF-16 code units web-tree-sitter copies per read: its input buffer holds 10 KiB, the last unit a terminator. */
const READ_CHUNK = 5119;

/**
 * How the parser reads `text`: in chunks its input buffer holds. Handed the string itself,
 * web-tree-sitter wraps it in a closure it assigns to a property, which V8 allocates in the old
 * generation (see youngClosure.ts): every keystroke's text then outlived the young generation's
 * collections and was promoted (about 6 MB per scavenge at 5,000 lines). A function we make is
 * stored as it is, and dies young with the tree.
 */
function chunkReader(text: string): (index: number) => string {
  return (index) => text.slice(index, index + READ_CHUNK);
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

/**
 * Cursors kept for a tree's lifetime, for lookups that walk down from the root many times per
 * analysis. They are freed by deleteTree, not by a FinalizationRegistry: V8's young-generation
 * collector keeps every registered object alive, so registering something per analysis kept each
 * keystroke's whole analysis alive into the old generation (scavenges of several ms).
 */
const keptCursors = new WeakMap<Tree, TreeCursor>();

/** The cursor kept for `node`'s tree, reset to `node`. One per tree: a caller uses it and lets go before the next. */
export function keptCursorAt(node: Node): TreeCursor {
  let cursor = keptCursors.get(node.tree);
  if (!cursor) {
    cursor = node.walk();
    keptCursors.set(node.tree, cursor);
  } else {
    cursor.reset(node);
  }
  return cursor;
}

/** Frees a tree and the cursor kept for it. Every tree the engine makes is deleted here. */
export function deleteTree(tree: Tree): void {
  keptCursors.get(tree)?.delete();
  keptCursors.delete(tree);
  tree.delete();
}
