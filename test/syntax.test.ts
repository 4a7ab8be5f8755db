import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { stringSource } from '../server/src/engine/syntax';
import { testEngine } from './support/engine';

/** What the tree says a literal holds: its `string_content` parts' text, as written. */
function contentFromTree(literal: Node): string {
  return literal.namedChildren
    .filter((part) => part!.type === 'string_content')
    .map((part) => part!.text)
    .join('');
}

function stringsIn(node: Node): Node[] {
  if (node.type === 'string') return [node];
  return node.namedChildren.flatMap((child) => stringsIn(child!));
}

const BODIES = ['', 'plain', 'a\\nb', "it\\'s", 'say \\"hi\\"', 'ends with \\\\', 'é ü 日本', 'x{{y}}z', '\\d{2}', 'line\\\ncont', 'tab\there', 'q\\\\\\"q'];
const PREFIXES = ['', 'r', 'u', 'R', 'b', 'rb', 'Br'];

test('a closed literal read from its source holds what its parts hold, in every prefix and quote', async () => {
  const engine = await testEngine();
  const lines: string[] = [];
  for (const prefix of PREFIXES) {
    for (const body of BODIES) {
      lines.push(`x = ${prefix}"${body}"`, `x = ${prefix}'${body.replace(/"/g, "'")}'`);
      lines.push(`x = ${prefix}"""${body}\nsecond line"""`, `x = ${prefix}'''${body}'''`);
    }
  }
  const text = `${lines.join('\n')}\n`;
  const checked = engine.inspectModel(text, (model) => {
    assert.equal(model.root.hasError, false, 'the generated literals parse');
    const literals = stringsIn(model.root);
    for (const literal of literals) {
      const source = stringSource(literal.text);
      assert.ok(source, `read from the source: ${literal.text}`);
      assert.equal(source.body, contentFromTree(literal), literal.text);
      assert.equal(source.prefix, /^[A-Za-z]*/.exec(literal.text)![0]);
    }
    return literals.length;
  });
  assert.equal(checked, lines.length);
});

test('a literal that is not closed is not read from its source', () => {
  for (const broken of ['"', '"abc', "'abc\\'", '"""abc"', "'''abc''", 'r"\\"', 'f"', '"abc\\\\\\"']) {
    assert.equal(stringSource(broken), undefined, broken);
  }
  assert.deepEqual(stringSource('"abc\\\\"'), { prefix: '', body: 'abc\\\\' }, 'an escaped backslash before the quote closes it');
  assert.deepEqual(stringSource('""'), { prefix: '', body: '' });
  assert.deepEqual(stringSource('""""""'), { prefix: '', body: '' });
});
