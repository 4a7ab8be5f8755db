/**
 * `npm run bench`: how fast Flask Practices is, measured side by side in one run on generated
 * Flask code, against the bare tree-sitter parse and against Ruff's wasm build.
 *
 *   npx tsx bench/run.ts [--quick]
 *
 * Needs the bundles (node scripts/build.mjs). Prints a table and writes bench/results/latest.json
 * (numbers only; --quick writes bench/results/quick.json.tmp instead, which git ignores).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import { Language, Parser } from 'web-tree-sitter';
import { DEFAULT_SETTINGS, Engine } from '../server/src/engine';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';
import { RULES } from '../server/src/rules';
import { bareReparse } from './bare-reparse';
import { benchCommentRun } from './comment-run';
import { CLI_WORKSPACE_FILES, cliWorkers, cliWorkersNote } from './cli-workers';
import { findingsDense, findingsDenseFigures, findingsDenseNotes, findingsDenseRow } from './findings-dense';
import { flaskModule, flaskProject, middleEditOffset, typingStep } from './generate';
import { paste, pasteFigures, pasteNotes } from './paste';
import { BenchServer } from './server';
import { median, percentile, round } from './stats';
import { keystrokesWithError, WITH_ERROR_GOAL_P95_MS } from './with-error';
import { benchWorkspace, workspaceNotes } from './workspace';

const ROOT = join(__dirname, '..');
const QUICK = process.argv.includes('--quick');
const PLAN = QUICK
  ? { ruffWarmUpMs: 3_000, warmUpEdits: 10, edits: 40, parseRuns: { 5000: 7, 50000: 3 }, ruffSamples: 4, projectFiles: 200, cliRuns: 1, coldRuns: 3, openFiles: 50, workspace: { opens: 5, changes: 5 } }
  : { ruffWarmUpMs: 10_000, warmUpEdits: 20, edits: 200, parseRuns: { 5000: 21, 50000: 7 }, ruffSamples: 20, projectFiles: 1000, cliRuns: 3, coldRuns: 7, openFiles: 50, workspace: { opens: 10, changes: 11 } };
const SIZES = [5000, 50000] as const;
type Size = (typeof SIZES)[number];

const GOALS = {
  analyseOverParse: 1.5,
  keystrokeP95: { 5000: 5, 50000: 40 } as Record<Size, number>,
  oursOverRuff: 1,
  rssMb: 200,
  coldStartMs: 250,
};

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function time(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** 1. Full analysis against the bare parse of the same text, in one process, interleaved. */
async function analyseOverParse(engine: Engine, size: Size): Promise<{ parseMs: number; analyseMs: number }> {
  const text = flaskModule(size);
  const parser = new Parser();
  parser.setLanguage(await Language.load(loadGrammarBytes(__dirname).pythonWasm));
  const parses: number[] = [];
  const analyses: number[] = [];
  const settings = { ...DEFAULT_SETTINGS };
  for (let run = 0; run < PLAN.parseRuns[size] + 1; run++) {
    const parse = time(() => parser.parse(text)!.delete());
    const analyse = time(() => engine.analyseText(text, settings, (analysis) => analysis.findings.length));
    // The first run warms the JIT up.
    if (run > 0) {
      parses.push(parse);
      analyses.push(analyse);
    }
  }
  parser.delete();
  return { parseMs: median(parses), analyseMs: median(analyses) };
}

interface KeystrokeResult {
  serverMs: number[];
  roundTripMs: number[];
  ruffMs: number[];
  rssMb: number;
}

/**
 * 2, 3 and 5. One-character edits in the middle of the module, through the real server: typing
 * `x` into a string, then deleting it again; a few more edits first, not counted, as typing
 * warms the server's code up. Ruff, warmed up too, checks a sample of the same edited texts.
 */
async function keystrokes(size: Size, ruff: Workspace): Promise<KeystrokeResult> {
  let text = flaskModule(size);
  const uri = `file:///tmp/flask-practices-bench/app${size}.py`;
  const server = await BenchServer.start();
  try {
    await server.open(uri, text);
    const at = middleEditOffset(text);
    const serverMs: number[] = [];
    const roundTripMs: number[] = [];
    const samples: string[] = [];
    const edit = async (i: number, count: number) => {
      const step = typingStep(text, at, i, count);
      text = step.text;
      return server.edit(uri, step.change);
    };
    for (let i = 0; i < PLAN.warmUpEdits; i++) await edit(i, PLAN.warmUpEdits);
    for (let i = 0; i < PLAN.edits; i++) {
      const timing = await edit(i, PLAN.edits);
      serverMs.push(timing.serverMs);
      roundTripMs.push(timing.roundTripMs);
      if (i % Math.floor(PLAN.edits / PLAN.ruffSamples) === 0) samples.push(text);
    }
    const rssMb = server.rssMb();
    warmUpRuff(ruff, samples[0]!);
    const ruffMs = samples.map((sample) => time(() => ruff.check(sample)));
    return { serverMs, roundTripMs, ruffMs, rssMb };
  } finally {
    await server.dispose();
  }
}

/**
 * Ruff's wasm gets ten times faster over its first dozens of checks (V8 tiers its code up): check
 * for a while (60 runs, or a few seconds), then until eight runs in a row bring no new best.
 */
function warmUpRuff(ruff: Workspace, text: string): void {
  let best = Infinity;
  let sinceBest = 0;
  let runs = 0;
  const started = performance.now();
  const warmedFor = () => runs >= 60 || performance.now() - started > PLAN.ruffWarmUpMs;
  while ((!warmedFor() || sinceBest < 8) && performance.now() - started < 3 * PLAN.ruffWarmUpMs) {
    runs++;
    const took = time(() => ruff.check(text));
    if (took < 0.95 * best) {
      best = took;
      sinceBest = 0;
    } else {
      sinceBest++;
    }
  }
}

/** 5. Resident memory with many ordinary files open at once. */
async function rssWithOpenFiles(count: number): Promise<number> {
  const server = await BenchServer.start();
  try {
    const base = flaskModule(1000);
    await Promise.all(Array.from({ length: count }, (_, i) => server.open(`file:///tmp/flask-practices-bench/open${i}.py`, `${base}\n# file ${i}\n`)));
    return server.rssMb();
  } finally {
    await server.dispose();
  }
}

/**
 * 6. From spawning the server to the first diagnostics of a 1,000-line file. The first start has
 * no code cache (server/src/host/codeCache.ts) and writes it after its first diagnostics; the
 * figure is the median of the starts after it, as a user's every start but the first.
 */
async function coldStart(): Promise<{ ms: number; firstMs: number }> {
  const text = flaskModule(1000);
  const cache = mkdtempSync(join(tmpdir(), 'flask-practices-bench-cache-'));
  try {
    const runs: number[] = [];
    for (let run = 0; run <= PLAN.coldRuns; run++) {
      const started = performance.now();
      const server = await BenchServer.start([], { FLASK_PRACTICES_CODE_CACHE: cache });
      await server.open('file:///tmp/flask-practices-bench/cold.py', text);
      runs.push(performance.now() - started);
      // Not timed: the first start writes its cache after its diagnostics.
      if (run === 0) await new Promise((resolve) => setTimeout(resolve, 1000));
      await server.dispose();
    }
    return { ms: median(runs.slice(1)), firstMs: runs[0]! };
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

interface CliResult {
  files: number;
  megabytes: number;
  cliMs: number;
  parseMs: number;
  ruffMs: number;
}

/** 4. `flask-practices check` over a project, as a cold process, beside a parse-only process and Ruff's. */
function cli(): CliResult {
  const dir = mkdtempSync(join(tmpdir(), 'flask-practices-bench-'));
  try {
    let bytes = 0;
    const paths: string[] = [];
    for (const file of flaskProject(PLAN.projectFiles)) {
      const path = join(dir, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.text);
      bytes += Buffer.byteLength(file.text);
      paths.push(path);
    }
    const list = join(dir, 'files.txt');
    writeFileSync(list, paths.join('\n'));
    const wall = (args: string[]) => {
      const runs: number[] = [];
      for (let run = 0; run < PLAN.cliRuns; run++) {
        const started = performance.now();
        const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
        runs.push(performance.now() - started);
        if (result.status !== 0) throw new Error(`${args.join(' ')} failed (${result.status}): ${result.stderr}`);
      }
      return median(runs);
    };
    return {
      files: paths.length,
      megabytes: bytes / 1e6,
      cliMs: wall([join(ROOT, 'dist/cli.js'), 'check', join(dir, 'app'), join(dir, 'scripts'), '--exit-zero', '--format', 'json']),
      parseMs: wall([join(__dirname, 'cold/parse-files.mjs'), list]),
      ruffMs: wall([join(__dirname, 'cold/ruff-files.mjs'), list]),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function mark(ok: boolean): string {
  return ok ? 'yes' : 'NO';
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/server.js'))) throw new Error('dist/server.js is missing: run node scripts/build.mjs first');
  log(`bench${QUICK ? ' --quick' : ''}: Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`);
  const engine = await Engine.create(loadGrammarBytes(__dirname), RULES);
  const ruff = new Workspace({ lint: { select: ['S'] } }, PositionEncoding.Utf16);

  const ratio: Record<Size, { parseMs: number; analyseMs: number }> = {} as never;
  const keys: Record<Size, KeystrokeResult> = {} as never;
  const bare: Record<Size, number> = {} as never;
  for (const size of SIZES) {
    log(`analyse/parse, ${size} lines`);
    ratio[size] = await analyseOverParse(engine, size);
    log(`keystrokes through the server, ${size} lines`);
    keys[size] = await keystrokes(size, ruff);
    bare[size] = await bareReparse(size, PLAN);
  }
  log('with-error: keystrokes through the server, a syntax error earlier in the file');
  const withError = await keystrokesWithError(PLAN);
  log(`${PLAN.openFiles} open files`);
  const rssOpen = await rssWithOpenFiles(PLAN.openFiles);
  log('cold start');
  const cold = await coldStart();
  log(`CLI over ${PLAN.projectFiles} files`);
  const project = cli();
  log(`CLI over ${CLI_WORKSPACE_FILES} files: 1 worker, then all cores`);
  const workers = cliWorkers(join(ROOT, 'dist/cli.js'), PLAN.cliRuns);
  log('workspace of 2,000 files: index, opens while indexing, one file changed');
  const workspace = await benchWorkspace(PLAN.workspace);
  log('comment run');
  const commentRun = await benchCommentRun(PLAN.warmUpEdits, PLAN.edits, QUICK);
  log('findings-dense modules: 5k lines, 50k lines, 10 MB, and the CLI over 10 MB');
  const dense = findingsDenseFigures(await findingsDense(engine, { lines5k: PLAN.parseRuns[5000], lines50k: PLAN.parseRuns[50000], tenMegabytes: QUICK ? 1 : 3 }));
  log('large pastes against opening the same text');
  const pastes = pasteFigures(paste(engine, PLAN.parseRuns[50000]));

  const p50 = (size: Size) => median(keys[size].serverMs);
  const p95 = (size: Size) => percentile(keys[size].serverMs, 95);
  const ruffP50 = (size: Size) => median(keys[size].ruffMs);
  const results = {
    analyse_over_parse_5k: round(ratio[5000].analyseMs / ratio[5000].parseMs),
    analyse_over_parse_50k: round(ratio[50000].analyseMs / ratio[50000].parseMs),
    keystroke_p50_ms_5k: round(p50(5000)),
    keystroke_p95_ms_5k: round(p95(5000)),
    keystroke_p50_ms_50k: round(p50(50000)),
    keystroke_p95_ms_50k: round(p95(50000)),
    ours_over_ruff_5k: round(p50(5000) / ruffP50(5000), 3),
    ours_over_ruff_50k: round(p50(50000) / ruffP50(50000), 3),
    cli_files_per_s: round(project.files / (project.cliMs / 1000), 0),
    cli_over_parse: round(project.cliMs / project.parseMs),
    rss_mb_50k: round(keys[50000].rssMb, 0),
    cold_start_ms: round(cold.ms, 0),
    cold_start_first_ms: round(cold.firstMs, 0),
    // Context for the figures above.
    parse_ms_5k: round(ratio[5000].parseMs, 1),
    parse_ms_50k: round(ratio[50000].parseMs, 1),
    analyse_ms_5k: round(ratio[5000].analyseMs, 1),
    analyse_ms_50k: round(ratio[50000].analyseMs, 1),
    bare_reparse_p50_ms_5k: round(bare[5000]),
    bare_reparse_p50_ms_50k: round(bare[50000]),
    keystroke_round_trip_p95_ms_5k: round(percentile(keys[5000].roundTripMs, 95)),
    keystroke_round_trip_p95_ms_50k: round(percentile(keys[50000].roundTripMs, 95)),
    ruff_check_p50_ms_5k: round(ruffP50(5000), 1),
    ruff_check_p50_ms_50k: round(ruffP50(50000), 1),
    cli_mb_per_s: round(project.megabytes / (project.cliMs / 1000)),
    cli_ms: round(project.cliMs, 0),
    parse_process_ms: round(project.parseMs, 0),
    ruff_process_ms: round(project.ruffMs, 0),
    rss_mb_open_files: round(rssOpen, 0),
    ...dense,
    ...pastes,
    ...workers,
    ...workspace,
  };

  const rows: [string, string, string, string, string][] = [
    ['measure', '5k lines', '50k lines', 'goal', 'met'],
    ['analyse / parse (full analysis ÷ bare parse)', `${results.analyse_over_parse_5k}`, `${results.analyse_over_parse_50k}`, '≤ 1.5', mark(Math.max(results.analyse_over_parse_5k, results.analyse_over_parse_50k) <= GOALS.analyseOverParse)],
    ['  bare parse / full analysis, ms', `${results.parse_ms_5k} / ${results.analyse_ms_5k}`, `${results.parse_ms_50k} / ${results.analyse_ms_50k}`, '', ''],
    [`keystroke p50, server (${PLAN.edits} edits after ${PLAN.warmUpEdits}), ms`, `${results.keystroke_p50_ms_5k}`, `${results.keystroke_p50_ms_50k}`, '', ''],
    ['keystroke p95, server, ms', `${results.keystroke_p95_ms_5k}`, `${results.keystroke_p95_ms_50k}`, '≤ 5 / ≤ 40', mark(results.keystroke_p95_ms_5k <= GOALS.keystrokeP95[5000] && results.keystroke_p95_ms_50k <= GOALS.keystrokeP95[50000])],
    ['  keystroke p95, client round trip, ms', `${results.keystroke_round_trip_p95_ms_5k}`, `${results.keystroke_round_trip_p95_ms_50k}`, '', ''],
    ['  bare tree-sitter reparse + changed ranges, same keystrokes, p50, ms', `${results.bare_reparse_p50_ms_5k}`, `${results.bare_reparse_p50_ms_50k}`, '', ''],
    ['  Ruff (S rules) warm check p50, ms', `${results.ruff_check_p50_ms_5k}`, `${results.ruff_check_p50_ms_50k}`, '', ''],
    ['ours / Ruff (keystroke p50 ÷ check p50)', `${results.ours_over_ruff_5k}`, `${results.ours_over_ruff_50k}`, '< 1', mark(Math.max(results.ours_over_ruff_5k, results.ours_over_ruff_50k) < GOALS.oursOverRuff)],
    ['with-error: keystroke p50 / p95, server, ms', `${withError[5000].p50} / ${withError[5000].p95}`, `${withError[50000].p50} / ${withError[50000].p95}`, `p95 ≤ ${WITH_ERROR_GOAL_P95_MS} (5k)`, mark(withError[5000].p95 <= WITH_ERROR_GOAL_P95_MS)],
    [`server RSS after ${PLAN.warmUpEdits + PLAN.edits} edits, MB`, '', `${results.rss_mb_50k}`, '≤ 200', mark(results.rss_mb_50k <= GOALS.rssMb)],
    [`server RSS with ${PLAN.openFiles} open 1k-line files, MB`, `${results.rss_mb_open_files}`, '', '', ''],
    ['cold start: spawn → first diagnostics (1k lines), ms', `${results.cold_start_ms}`, '', '≤ 250', mark(results.cold_start_ms <= GOALS.coldStartMs)],
    ['  the first start, before its code cache is written, ms', `${results.cold_start_first_ms}`, '', '', ''],
    commentRun,
    findingsDenseRow(dense),
  ];
  const cliRows: [string, string][] = [
    [`CLI check, ${project.files} files (${round(project.megabytes)} MB), cold process`, `${results.cli_ms} ms: ${results.cli_files_per_s} files/s, ${results.cli_mb_per_s} MB/s`],
    ['  bare tree-sitter parse of the same files, one process', `${results.parse_process_ms} ms (CLI ÷ parse = ${results.cli_over_parse})`],
    ['  Ruff wasm (S rules) on the same files, one process', `${results.ruff_process_ms} ms`],
    cliWorkersNote(workers),
    ...findingsDenseNotes(dense),
    ...pasteNotes(pastes),
    ...workspaceNotes(workspace),
  ];
  const width = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(width[column]!)).join(' | ')} |`;
  const out = [line(rows[0]!), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line), '', ...cliRows.map(([a, b]) => `${a}: ${b}`)];
  process.stdout.write(`${out.join('\n')}\n`);

  const file = join(__dirname, 'results', QUICK ? 'quick.json.tmp' : 'latest.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${file}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
