/**
 * positions.ts, the one place where positions are converted: LineIndex against independent
 * oracles (Buffer.byteLength for UTF-8, code-point spreading for UTF-32), line breaks, clamping,
 * surrogate pairs; then end to end through the built server (UTF-16 ranges) and the built CLI
 * (1-based code-point columns).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { cliPosition, detectEol, LineIndex, type PositionEncoding } from '../server/src/engine/positions';
import { capabilities, CLI_BUNDLE, LspClient } from './support/lspClient';

const ENCODINGS: PositionEncoding[] = ['utf-16', 'utf-8', 'utf-32'];

/** Independent oracle: the column of `offset` on its line, counted in `encoding`'s units. */
function expectedColumn(text: string, offset: number, encoding: PositionEncoding): { line: number; character: number } {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  const prefix = lines[lines.length - 1]!;
  const character = encoding === 'utf-16' ? prefix.length : encoding === 'utf-8' ? Buffer.byteLength(prefix, 'utf8') : [...prefix].length;
  return { line: lines.length - 1, character };
}

/** True when `offset` falls between the two halves of a surrogate pair. */
function insidePair(text: string, offset: number): boolean {
  const low = text.charCodeAt(offset);
  const high = text.charCodeAt(offset - 1);
  return offset > 0 && high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}

describe('LineIndex: non-ASCII text before a finding on the same line', () => {
  const cases: { name: string; line: string; utf16: number; utf8: number; utf32: number }[] = [
    { name: 'é (2 UTF-8 bytes)', line: 's = "é"; app.run()', utf16: 9, utf8: 10, utf32: 9 },
    { name: 'CJK 漢字 (3 bytes each)', line: 't = "漢字"; app.run()', utf16: 10, utf8: 14, utf32: 10 },
    { name: 'emoji 😀 (a surrogate pair, 4 bytes)', line: 'u = "😀"; app.run()', utf16: 10, utf8: 12, utf32: 9 },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const text = `import flask\n${c.line}\n`;
      const offset = text.indexOf('app.run');
      const index = new LineIndex(text);
      assert.deepEqual(index.positionAt(offset, 'utf-16'), { line: 1, character: c.utf16 });
      assert.deepEqual(index.positionAt(offset, 'utf-8'), { line: 1, character: c.utf8 });
      assert.deepEqual(index.positionAt(offset, 'utf-32'), { line: 1, character: c.utf32 });
      for (const [encoding, character] of [['utf-16', c.utf16], ['utf-8', c.utf8], ['utf-32', c.utf32]] as const) {
        assert.equal(index.offsetAt({ line: 1, character }, encoding), offset, `${encoding} back to the offset`);
      }
      assert.deepEqual(cliPosition(index, offset), { line: 2, column: c.utf32 + 1 });
    });
  }
});

describe('LineIndex: round trips', () => {
  const text = 'a = "é"\r\nb = "漢字😀x"\rc = "😀😀"\n\nd = 1';
  test('every offset outside a surrogate pair survives offset → position → offset in all three encodings', () => {
    const index = new LineIndex(text);
    for (let offset = 0; offset <= text.length; offset++) {
      if (insidePair(text, offset)) continue;
      for (const encoding of ENCODINGS) {
        const position = index.positionAt(offset, encoding);
        // An offset between \r and \n has no position of its own; it maps to the line's end.
        if (text[offset - 1] === '\r' && text[offset] === '\n') {
          assert.equal(index.offsetAt(position, encoding), offset - 1);
          continue;
        }
        assert.deepEqual(position, expectedColumn(text, offset, encoding), `offset ${offset} in ${encoding}`);
        assert.equal(index.offsetAt(position, encoding), offset, `offset ${offset} in ${encoding}`);
      }
    }
  });

  test('property: random text with line breaks, BMP and astral characters', () => {
    const pieces = ['a', ' ', 'é', '漢', '😀', '𝔘', '\n', '\r\n', '\r', '\t', '#'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const index = new LineIndex(text);
        assert.equal(index.lineCount, text.split(/\r\n|\r|\n/).length);
        for (let offset = 0; offset <= text.length; offset++) {
          if (insidePair(text, offset) || (text[offset - 1] === '\r' && text[offset] === '\n')) continue;
          for (const encoding of ENCODINGS) {
            const position = index.positionAt(offset, encoding);
            assert.deepEqual(position, expectedColumn(text, offset, encoding));
            assert.equal(index.offsetAt(position, encoding), offset);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test('property: the line of offsets asked for in any order (the search starts from the last answer)', () => {
    const naiveLine = (text: string, offset: number) => text.slice(0, Math.max(0, Math.min(offset, text.length))).split(/\r\n|\r|\n/).length - 1;
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'bc', '\n', '\r\n', '\r', '\n\n'), { maxLength: 80 }), fc.array(fc.integer({ min: -3, max: 200 }), { maxLength: 40 }), (parts, offsets) => {
        const text = parts.join('');
        const index = new LineIndex(text);
        // Runs in order, as a summary asks, then the same offsets in the order drawn.
        for (const offset of [...[...offsets].sort((a, b) => a - b), ...offsets]) {
          if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
          assert.equal(index.lineOf(offset), naiveLine(text, offset), `offset ${offset} of ${JSON.stringify(text)}`);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('LineIndex: line breaks', () => {
  test('CRLF counts as one break, and a line ends before it', () => {
    const text = 'a = 1\r\nbb = 2\r\n';
    const index = new LineIndex(text);
    assert.equal(index.lineCount, 3);
    assert.equal(index.lineStart(1), 7);
    assert.equal(index.lineContentEnd(0), 5);
    assert.equal(index.lineContentEnd(1), 13);
    assert.deepEqual(index.positionAt(7), { line: 1, character: 0 });
    assert.equal(index.offsetAt({ line: 0, character: 99 }), 5, 'a column past the end stops before \\r\\n');
    assert.equal(detectEol(text), '\r\n');
  });

  test('a lone CR is a line break too', () => {
    const text = 'a\rbb\rccc';
    const index = new LineIndex(text);
    assert.equal(index.lineCount, 3);
    assert.equal(index.lineStart(2), 5);
    assert.deepEqual(index.positionAt(6), { line: 2, character: 1 });
    assert.equal(index.offsetAt({ line: 1, character: 1 }), 3);
    assert.equal(index.lineContentEnd(1), 4);
  });

  test('mixed breaks: LF, CRLF, CR, and an empty line', () => {
    const text = 'a\nb\r\n\rc';
    const index = new LineIndex(text);
    assert.equal(index.lineCount, 4);
    assert.deepEqual([0, 1, 2, 3].map((l) => index.lineStart(l)), [0, 2, 5, 6]);
    assert.equal(index.lineContentEnd(2), 5);
    assert.equal(detectEol(text), '\n');
  });
});

describe('LineIndex: snapping and clamping', () => {
  const text = 'x😀y\nz';
  const index = new LineIndex(text);

  test('an offset inside a surrogate pair snaps back to the pair’s start', () => {
    assert.deepEqual(index.positionAt(2, 'utf-16'), { line: 0, character: 1 });
    assert.deepEqual(index.positionAt(2, 'utf-8'), { line: 0, character: 1 });
    assert.deepEqual(index.positionAt(2, 'utf-32'), { line: 0, character: 1 });
  });

  test('a column inside a code point snaps to that code point’s start', () => {
    assert.equal(index.offsetAt({ line: 0, character: 2 }, 'utf-16'), 1, 'UTF-16 column between the halves');
    assert.equal(index.offsetAt({ line: 0, character: 3 }, 'utf-8'), 1, 'UTF-8 column inside the emoji');
    assert.equal(index.offsetAt({ line: 0, character: 5 }, 'utf-8'), 3, 'UTF-8 column just after the emoji');
    assert.equal(index.offsetAt({ line: 0, character: 2 }, 'utf-32'), 3);
  });

  test('out-of-range lines and columns clamp', () => {
    assert.equal(index.offsetAt({ line: 99, character: 0 }), text.length);
    assert.equal(index.offsetAt({ line: -1, character: 5 }), 0);
    assert.equal(index.offsetAt({ line: 0, character: -3 }), 0);
    assert.equal(index.offsetAt({ line: 0, character: 1000 }), 4, 'the line’s end, before its break');
    assert.equal(index.offsetAt({ line: 1, character: 1000 }), text.length);
    assert.deepEqual(index.positionAt(-10), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(10_000), { line: 1, character: 1 });
    assert.equal(index.lineStart(50), 5);
    assert.equal(index.lineOf(10_000), 1);
  });

  test('an empty text has one line', () => {
    const empty = new LineIndex('');
    assert.equal(empty.lineCount, 1);
    assert.deepEqual(empty.positionAt(0, 'utf-8'), { line: 0, character: 0 });
    assert.equal(empty.offsetAt({ line: 3, character: 3 }), 0);
  });
});

describe('end to end: a finding after non-ASCII text on its line', () => {
  const prefix = 'x = "é漢😀"; ';
  const source = ['from flask import Flask', '', 'app = Flask(__name__)', '', `${prefix}app.run()`, ''].join('\n');
  const dir = mkdtempSync(join(tmpdir(), 'flk-positions-'));
  const file = join(dir, 'unicode_app.py');
  writeFileSync(file, source);
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('LSP: the FLK501 range is in UTF-16 code units', async () => {
    const client = await LspClient.start({ capabilities: capabilities() });
    try {
      assert.equal(client.positionEncoding, 'utf-16');
      const uri = pathToFileURL(file).href;
      client.open(uri, source);
      const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'FLK501'));
      const diagnostic = published.diagnostics.find((d) => d.code === 'FLK501')!;
      // x, space, =, space, " (5) + é (1) + 漢 (1) + 😀 (2) + ", ;, space (3) = 12
      assert.deepEqual(diagnostic.range, { start: { line: 4, character: 12 }, end: { line: 4, character: 21 } });
    } finally {
      await client.dispose();
    }
  });

  test('CLI: 1-based code-point columns', () => {
    const run = spawnSync(process.execPath, [CLI_BUNDLE, 'check', '--format', 'json', file], { encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    const findings = JSON.parse(run.stdout) as { code: string; line: number; column: number; endLine: number; endColumn: number }[];
    const finding = findings.find((f) => f.code === 'FLK501');
    assert.ok(finding, run.stdout);
    // 5 + é + 漢 + 😀 (one code point each) + 3 = 11 code points before; 1-based → 12.
    assert.deepEqual({ line: finding.line, column: finding.column, endLine: finding.endLine, endColumn: finding.endColumn }, { line: 5, column: 12, endLine: 5, endColumn: 21 });
  });
});
