/**
 * The Python grammar we ship, server/grammar/tree-sitter-python.wasm, is tree-sitter-python
 * 0.25.0 with server/grammar/scanner.patch (built by scripts/build-grammar.sh), which makes runs of
 * comment lines parse in linear time. It must give exactly upstream's trees, and few scanner steps.
 * Run: node --import tsx --test test/python-grammar.test.ts
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import { Edit, Language, Parser, type Point, type Tree } from 'web-tree-sitter';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';

const ROOT = join(__dirname, '..');
const PATCHED = join(ROOT, 'server/grammar/tree-sitter-python.wasm');
const UPSTREAM_PACKAGE = join(ROOT, 'node_modules/tree-sitter-python');
const UPSTREAM_VERSION = '0.25.0';
const SEED = 20_261_204;

let patched: Parser;
let upstream: Parser;

before(async () => {
  await Parser.init();
  const load = async (wasm: Uint8Array) => new Parser().setLanguage(await Language.load(wasm));
  patched = await load(readFileSync(PATCHED));
  upstream = await load(readFileSync(join(UPSTREAM_PACKAGE, 'tree-sitter-python.wasm')));
});

/** Every node, named or not, with its field, range and flags: two trees are the same if these are. */
function dump(tree: Tree): string {
  const lines: string[] = [];
  const cursor = tree.walk();
  let depth = 0;
  for (;;) {
    const node = cursor.currentNode;
    const flags = `${node.isMissing ? ' missing' : ''}${node.isExtra ? ' extra' : ''}${node.isError ? ' error' : ''}`;
    lines.push(`${' '.repeat(depth)}${cursor.currentFieldName ?? ''}:${node.type} ${node.startIndex}-${node.endIndex}${flags}`);
    if (cursor.gotoFirstChild()) {
      depth++;
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        cursor.delete();
        return lines.join('\n');
      }
      depth--;
    }
  }
}

function parsed(parser: Parser, text: string, old?: Tree): Tree {
  const tree = parser.parse(text, old ?? null);
  assert.ok(tree, 'tree-sitter returned no tree');
  return tree;
}

function assertSameTrees(text: string, label: string): void {
  const mine = parsed(patched, text);
  const theirs = parsed(upstream, text);
  try {
    assert.equal(dump(mine), dump(theirs), `${label}: the patched grammar parses ${JSON.stringify(text.slice(0, 200))} differently`);
    assert.equal(mine.rootNode.toString(), theirs.rootNode.toString(), label);
  } finally {
    mine.delete();
    theirs.delete();
  }
}

function pythonFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.py'))
    .map((path) => join(dir, path));
}

describe('the patched grammar', () => {
  test('is the one the hosts load, and web-tree-sitter loads it (ABI 15)', () => {
    assert.ok(Buffer.from(loadGrammarBytes(__dirname).pythonWasm).equals(readFileSync(PATCHED)));
    assert.equal(patched.language?.abiVersion, 15);
  });

  test(`is built from tree-sitter-python ${UPSTREAM_VERSION}, the version installed, and its patch applies`, () => {
    const version = (JSON.parse(readFileSync(join(UPSTREAM_PACKAGE, 'package.json'), 'utf8')) as { version: string }).version;
    assert.equal(version, UPSTREAM_VERSION, 'tree-sitter-python changed: rebuild with scripts/build-grammar.sh and update this test');
    const dir = mkdtempSync(join(tmpdir(), 'flk-grammar-'));
    try {
      cpSync(join(UPSTREAM_PACKAGE, 'src/scanner.c'), join(dir, 'src/scanner.c'));
      execFileSync('patch', ['--dry-run', '--quiet', '-p1', '-d', dir, '-i', join(ROOT, 'server/grammar/scanner.patch')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('parses every Python file of the fixtures and examples as upstream does', () => {
    const files = [...pythonFiles(join(ROOT, 'test/fixtures')), ...pythonFiles(join(ROOT, 'examples'))];
    assert.ok(files.length > 20, `only ${files.length} files found`);
    for (const file of files) assertSameTrees(readFileSync(file, 'utf8'), file);
  });

  const run = (indent: string, lines = 5) => `${indent}# commented out\n`.repeat(lines);
  const HAND_MADE: Record<string, string> = {
    'a run at the top level, after code': `x = 1\n${run('')}y = 2\n`,
    'a run at the top of the file': `${run('')}import os\n`,
    'a run at the end of the file': `x = 1\n${run('')}`,
    'a run at the end, no final newline': `x = 1\n${run('').trimEnd()}`,
    'a run in a block, at its indentation': `def f():\n    x = 1\n${run('    ')}    return x\n`,
    'a run in a block, at column 0, the block going on': `def f():\n    x = 1\n${run('')}    return x\n`,
    'a run at column 0 after an inner block': `class A:\n    def f(self):\n        if x:\n            pass\n${run('')}        return 1\n    y = 2\n`,
    'a run at the outer indentation, then a dedent': `class A:\n    def f(self):\n        x = 1\n${run('    ')}    def g(self):\n        pass\n`,
    'a run deeper than its block': `def f():\n    x = 1\n${run('        ')}    y = 2\nz = 3\n`,
    'a run before the body of a block': `def f():\n${run('')}    x = 1\n`,
    'a run between a header and an indented run': `if x:\n${run('')}${run('        ')}    y = 1\n`,
    'a run before except and else': `try:\n    x = 1\n${run('')}except E:\n    pass\n${run('  ')}else:\n    pass\n`,
    'comments at odd indentations inside blocks': `def f():\n  # two\n    x = 1\n # one\n      # six\n    if x:\n   # three\n        y = 2\n\t# tab\n    return y\n`,
    'blank and whitespace lines inside a run': `def f():\n    x = 1\n# a\n\n   \n# b\n\t\n    # c\n    y = 2\n`,
    'CRLF line ends': `def f():\r\n    x = 1\r\n# a\r\n# b\r\n    y = 2\r\n${run('').replace(/\n/g, '\r\n')}z = 3\r\n`,
    'tabs and mixed indentation': `def f():\n\tx = 1\n# a\n\t# b\n        # c\n\ty = 2\n\tif x:\n\t\tpass\n\t# d\n# e\n\treturn x\n`,
    'a form feed inside a run': `def f():\n    x = 1\n# a\n\f# b\n    y = 2\n`,
    'a line continuation after a run': `def f():\n    x = 1\n# a\n# b\n\\\n    y = 2\n`,
    'a stray backslash after a run': `def f():\n    x = 1\n# a\n\\ y\n`,
    'a string after a run at a lower indentation': `def f():\n    x = 1\n# a\n# b\n"doc"\n`,
    'an f-string after a run': `def f():\n    x = 1\n# a\n    y = f"{x}"\n`,
    'comments inside brackets': `def f():\n    x = [\n# a\n        1,\n    # b\n    ]\n# c\n    return x\n`,
    'comments inside an f-string replacement field': `def f():\n    x = f"{\n# a\n    y\n}"\n# b\n    return x\n`,
    'a NUL character in a comment': `def f():\n    x = 1\n# a\u0000b\n# c\n    y = 2\n`,
    'trailing comments': `def f():  # header\n    x = 1  # trailing\n# run\n# run\n    y = 2  # end\n`,
    'a run after an unclosed bracket (broken)': `def f():\n    x = (1,\n${run('')}    y = 2\n`,
    'a run after a header without a colon (broken)': `def f()\n${run('')}    x = 1\n`,
    'a run before an unexpected indent (broken)': `x = 1\n${run('')}        y = 2\n`,
    'a run inside an unterminated string (broken)': `def f():\n    s = """\n${run('')}    return s\n`,
    'a run after a stray closing bracket (broken)': `def f():\n    x = 1)\n${run('')}    y = = 2\n`,
  };
  for (const [name, text] of Object.entries(HAND_MADE)) {
    test(`parses as upstream does: ${name}`, () => assertSameTrees(text, name));
  }

  test('parses generated code with comment runs as upstream does, fresh and after edits (fast-check)', () => {
    const indent = fc.constantFrom('', '  ', '    ', '        ', '\t', ' \t');
    const line = (texts: string[]) => fc.tuple(indent, fc.constantFrom(...texts)).map(([i, t]) => i + t);
    const comment = line(['#', '# x = 1', '#\tdef f():', '# """', '# (', '#\\', '## two']);
    const code = line(['x = 1', 'pass', 'return x', 'def f():', 'class A:', 'if x:', 'else:', 'try:', 'except E:', 'finally:',
      'y = (', ')', 's = """', '"""', "t = f'{a", "}'", 'x = \\', '"doc"', 'x = = 1', 'x = 1  # trailing', 'match x:', 'case 1:']);
    const commentRun = fc.tuple(indent, fc.integer({ min: 2, max: 12 })).map(([i, n]) => Array.from({ length: n }, () => `${i}# run`));
    const chunk = fc.oneof(comment.map((l) => [l]), code.map((l) => [l]), fc.constantFrom([''], ['   '], ['\f']), commentRun);
    const program = fc
      .tuple(fc.array(chunk, { maxLength: 16 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
      .map(([chunks, eol, finalEol]) => chunks.flat().join(eol) + (finalEol ? eol : ''));
    const edit = fc.record({
      at: fc.nat(),
      deleted: fc.nat({ max: 3 }),
      inserted: fc.constantFrom('', '#', 'x', '\n', '    ', ':', '(', ')', '\n# c\n', '"', '\\', '\t', 'def h():\n'),
    });
    fc.assert(
      fc.property(program, fc.array(edit, { maxLength: 4 }), (text, edits) => {
        let mine = parsed(patched, text);
        let theirs = parsed(upstream, text);
        let current = text;
        try {
          assert.equal(dump(mine), dump(theirs), 'fresh parse');
          for (const { at, deleted, inserted } of edits) {
            const start = at % (current.length + 1);
            current = editTrees(current, start, Math.min(current.length, start + deleted), inserted, [mine, theirs]);
            const [oldMine, oldTheirs] = [mine, theirs];
            mine = parsed(patched, current, oldMine);
            theirs = parsed(upstream, current, oldTheirs);
            oldMine.delete();
            oldTheirs.delete();
            assert.equal(dump(mine), dump(theirs), `after an edit, giving ${JSON.stringify(current)}`);
          }
        } finally {
          mine.delete();
          theirs.delete();
        }
      }),
      { seed: SEED, numRuns: 400, endOnFailure: true },
    );
  });
});

/** Tree-sitter's point for an offset: rows end at '\n' only (a lone '\r' is not a line break to it). */
function treePoint(text: string, offset: number): Point {
  const before = text.slice(0, offset);
  return { row: before.split('\n').length - 1, column: offset - (before.lastIndexOf('\n') + 1) };
}

/** Replaces `[start, end)` of `text` by `inserted` and tells `trees` so; returns the new text. */
function editTrees(text: string, start: number, end: number, inserted: string, trees: Tree[]): string {
  const next = text.slice(0, start) + inserted + text.slice(end);
  const newEnd = start + inserted.length;
  const edit = new Edit({
    startIndex: start,
    oldEndIndex: end,
    newEndIndex: newEnd,
    startPosition: treePoint(text, start),
    oldEndPosition: treePoint(text, end),
    newEndPosition: treePoint(next, newEnd),
  });
  for (const tree of trees) tree.edit(edit);
  return next;
}

describe('comment runs cost scanner steps in proportion to their length', () => {
  const commented = (indent: string, lines: number) => `${indent}# a commented-out line\n`.repeat(lines);
  const SHAPES: Record<string, (lines: number) => string> = {
    'at the top level': (lines) => `x = 1\n${commented('', lines)}y = 2\n`,
    'at column 0 inside a block': (lines) => `def f():\n    x = 1\n${commented('', lines)}    y = 2\n`,
    'at the indentation of its block': (lines) => `def f():\n    x = 1\n${commented('    ', lines)}    y = 2\n`,
  };

  /** Characters the lexers read (web-tree-sitter logs each one): a deterministic measure, unlike time. */
  function lexerSteps(parser: Parser, parse: () => Tree): { steps: number; tree: Tree } {
    let steps = 0;
    parser.setLogger((_message, isLex) => {
      if (isLex) steps++;
    });
    try {
      const tree = parse();
      return { steps, tree };
    } finally {
      parser.setLogger(null);
    }
  }

  /** Types `x` into a comment in the middle of the run, and tells `tree`. */
  function typeInTheMiddle(text: string, tree: Tree): string {
    const at = text.indexOf('# a', Math.floor(text.length / 2)) + 3;
    return editTrees(text, at, at, 'x', [tree]);
  }

  for (const [name, shape] of Object.entries(SHAPES)) {
    test(`${name}: 2,000 lines parse, and reparse after a keystroke, in a few steps per character`, () => {
      const text = shape(2000);
      const fresh = lexerSteps(patched, () => parsed(patched, text));
      const typed = typeInTheMiddle(text, fresh.tree);
      const reparse = lexerSteps(patched, () => parsed(patched, typed, fresh.tree));
      fresh.tree.delete();
      reparse.tree.delete();
      assert.ok(fresh.steps < 3 * text.length, `${fresh.steps} steps for ${text.length} characters`);
      assert.ok(reparse.steps < 2 * text.length, `${reparse.steps} steps to reparse ${text.length} characters`);
    });

    test(`${name}: upstream reads 500 lines hundreds of times over (what the measure above catches)`, () => {
      const text = shape(500);
      const { steps, tree } = lexerSteps(upstream, () => parsed(upstream, text));
      tree.delete();
      assert.ok(steps > 100 * text.length, `upstream: ${steps} steps for ${text.length} characters`);
    });
  }
});
