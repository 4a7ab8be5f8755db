/**
 * Where a `# noqa` comment can go: the analysis answers most line ends from the text alone
 * (noqaPlaces.ts), and must answer as the tree does at every line end.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Tree } from 'web-tree-sitter';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';
import { PythonParser } from '../server/src/engine/parser';
import { pythonNoqaPlaces } from '../server/src/engine/noqaPlaces';
import { LineIndex } from '../server/src/engine/positions';
import { readOutline } from '../server/src/engine/semantic/outline';
import type { Finding } from '../server/src/engine/rule';

let parser: PythonParser;
before(async () => {
  parser = await PythonParser.create(loadGrammarBytes(__dirname));
});

/** The tree's answer: the line end is inside a string token that runs past it. */
function treeSaysInsertable(tree: Tree, lineEnd: number): boolean {
  const node = tree.rootNode.descendantForIndex(Math.max(0, lineEnd - 1), lineEnd);
  return !(node && /string/.test(node.type) && node.endIndex > lineEnd);
}

const SOURCES = {
  'a docstring, then code': '"""Module.\n\nMore.\n"""\nimport flask\napp = flask.Flask(__name__)\n',
  'a triple-quoted value across lines': 'x = 1\nQUERY = """\nselect *\nfrom t\n"""\ny = 2\n',
  "single-quoted triple quotes and a bytes prefix": "a = b'''\none\n'''\nb = '''two'''\nc = rb'''\nthree'''\n",
  'a raw string continued with a backslash': 'x = r"abc\\\ndef"\ny = 1\n',
  'a plain string continued with a backslash': 'x = "abc\\\ndef"\ny = 1\n',
  'an f-string interpolation across lines': 'x = f"""\n{request.path}\n"""\ny = f"{\n  a\n}"\n',
  'four quotes in a row': 'x = """"a\nb"""\ny = """a"\nb""""\n',
  'CRLF line ends': 'x = """\r\na\r\n"""\r\ny = 1\r\n',
  'a syntax error in a string': 'def f(:\n    s = """\n    x\nz = [\n',
  // With errors, statements without one are answered from the text, statements with one by the tree.
  'an error before strings across lines': 'def f(:\n    pass\n\nQUERY = """\nselect *\n"""\nx = "abc\\\ndef"\ny = 1\n',
  'a triple quote left open after an error': 'x = [\ny = 1\nQUERY = """\nselect *\nfrom t\n',
  'an error inside a statement holding a string across lines': 'def f():\n    s = """\n    x\n    """\n    return (\n\n\ny = 2\n',
};

describe('noqa places', () => {
  for (const [name, text] of Object.entries(SOURCES)) {
    test(`${name}: every line end answered as the tree answers it`, () => {
      const tree = parser.parse(text);
      try {
        const lines = new LineIndex(text);
        // With the tree's outline too, as an analysis asks.
        for (const place of [pythonNoqaPlaces(text, tree, lines), pythonNoqaPlaces(text, tree, lines, readOutline(tree.rootNode, text).entries)]) {
          for (let line = 0; line < lines.lineCount; line++) {
            const start = lines.lineStart(line);
            const finding: Finding = { code: 'FLK000', messageId: 'm', message: 'm', range: { start, end: start }, severity: 'info' };
            const expected = treeSaysInsertable(tree, lines.lineContentEnd(line));
            assert.deepEqual(place(finding), { line, insertable: expected }, `line ${line}: ${JSON.stringify(text.slice(start, lines.lineContentEnd(line)))}`);
          }
        }
      } finally {
        tree.delete();
      }
    });
  }

  test('the sources include line ends inside strings, so the comparison can fail', () => {
    for (const name of ['a triple-quoted value across lines', 'an error before strings across lines'] as const) {
      const text = SOURCES[name];
      const tree = parser.parse(text);
      try {
        assert.equal(treeSaysInsertable(tree, text.indexOf('select *') + 'select *'.length), false, name);
        assert.equal(tree.rootNode.hasError, name !== 'a triple-quoted value across lines', name);
      } finally {
        tree.delete();
      }
    }
  });
});
