/**
 * The "comment-run" input of `npm run bench`: a module of 5,000 lines with about 2,000 of them
 * commented out in one block, as an editor's Toggle Line Comment leaves them. Upstream
 * tree-sitter-python 0.25.0 scans such runs in quadratic time (server/grammar/scanner.patch);
 * this measures keystrokes inside the block through the real server, which ships the patched
 * grammar, and the bare parse of runs of comment lines with upstream's wasm and with ours.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Language, Parser } from 'web-tree-sitter';
import { LineIndex } from '../server/src/engine';
import { flaskModule } from './generate';
import { BenchServer } from './server';
import { median, percentile, round } from './stats';

const GOAL_P95_MS = 50;
const MODULE_LINES = 5000;
const BLOCK_LINES = 2000;
const BARE_PARSE_LINES = [500, 2000, 4000];
const UPSTREAM_WASM = join(__dirname, '../node_modules/tree-sitter-python/tree-sitter-python.wasm');
const PATCHED_WASM = join(__dirname, '../server/grammar/tree-sitter-python.wasm');

/** `# ` before every line that is not blank, as VS Code's Toggle Line Comment does at column 0. */
function commentOut(lines: string[]): string[] {
  return lines.map((line) => (line.trim() === '' ? line : `# ${line}`));
}

/** The module, with whole top-level blocks from its middle commented out: at least BLOCK_LINES lines. */
function moduleWithCommentBlock(): { text: string; blockLines: number; editAt: number } {
  const lines = flaskModule(MODULE_LINES).split('\n');
  const start = lines.findIndex((line, i) => i >= (lines.length - BLOCK_LINES) / 2 && line.startsWith('class '));
  let end = start + BLOCK_LINES;
  while (!lines[end]!.startsWith('class ')) end++;
  lines.splice(start, end - start, ...commentOut(lines.slice(start, end)));
  const text = lines.join('\n');
  // Type at the end of a commented line in the middle of the block.
  const middle = lines.findIndex((line, i) => i >= (start + end) / 2 && line.startsWith('#'));
  return { text, blockLines: end - start, editAt: new LineIndex(text).lineContentEnd(middle) };
}

/** Keystrokes inside the block: `x` typed at the end of a commented line, then deleted, in turn. */
async function keystrokes(warmUpEdits: number, edits: number): Promise<{ serverMs: number[]; blockLines: number }> {
  const { text, blockLines, editAt } = moduleWithCommentBlock();
  const uri = 'file:///tmp/flask-practices-bench/comment-run.py';
  const server = await BenchServer.start();
  try {
    await server.open(uri, text);
    const lines = new LineIndex(text);
    const serverMs: number[] = [];
    for (let i = 0; i < warmUpEdits + edits; i++) {
      const typing = i % 2 === 0;
      const start = lines.positionAt(editAt);
      const end = typing ? start : { line: start.line, character: start.character + 1 };
      const timing = await server.edit(uri, { range: { start, end }, text: typing ? 'x' : '' });
      if (i >= warmUpEdits) serverMs.push(timing.serverMs);
    }
    return { serverMs, blockLines };
  } finally {
    await server.dispose();
  }
}

/** Median time of a bare parse of `lines` comment lines between two statements. */
function bareParseMs(parser: Parser, lines: number, runs: number): number {
  const code = flaskModule(2 * lines).split('\n').filter((line) => line.trim() !== '');
  const block = commentOut(code.slice(0, lines));
  const text = `x = 1\n${block.join('\n')}\ny = 2\n`;
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    parser.parse(text)?.delete();
    times.push(performance.now() - started);
  }
  return median(times);
}

async function parserFor(wasm: string): Promise<Parser> {
  await Parser.init();
  return new Parser().setLanguage(await Language.load(readFileSync(wasm)));
}

/**
 * Runs the case: prints the bare parse times (upstream before, patched after) and returns the
 * keystroke row for the benchmark's table.
 */
export async function benchCommentRun(warmUpEdits: number, edits: number, quick: boolean): Promise<[string, string, string, string, string]> {
  const upstream = await parserFor(UPSTREAM_WASM);
  const patched = await parserFor(PATCHED_WASM);
  const parses = BARE_PARSE_LINES.map((lines) => ({
    lines,
    before: bareParseMs(upstream, lines, quick || lines > 2000 ? 1 : 3),
    after: bareParseMs(patched, lines, quick ? 3 : 9),
  }));
  upstream.delete();
  patched.delete();
  const { serverMs, blockLines } = await keystrokes(warmUpEdits, edits);
  const p50 = round(median(serverMs));
  const p95 = round(percentile(serverMs, 95));

  const figures = parses.map((p) => `${p.lines} lines ${round(p.before, 0)} → ${round(p.after, 1)} ms`).join(', ');
  process.stdout.write(`comment-run: bare parse of a comment run, upstream tree-sitter-python 0.25.0 → patched: ${figures}\n`);
  return [`comment-run: keystroke p50 / p95 in a ${blockLines}-line comment block (${MODULE_LINES} lines), ms`, `${p50} / ${p95}`, '', `p95 ≤ ${GOAL_P95_MS}`, p95 <= GOAL_P95_MS ? 'yes' : 'NO'];
}
