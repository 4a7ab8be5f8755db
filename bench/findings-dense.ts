/**
 * Findings-dense files: a naive Flask app repeated, with a finding every three lines and fixes
 * that each add `import os`. Analysis must stay within 1.5 × the bare parse at every size (it
 * was quadratic: 9 s at 400 KB), and `flask-practices check` must get through 10 MB.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Language, Parser } from 'web-tree-sitter';
import { DEFAULT_SETTINGS, type Engine } from '../server/src/engine';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';
import { findingsDenseModule } from './generate';
import { median, round } from './stats';

const GOAL = 1.5;

export interface DenseRatio {
  findings: number;
  parseMs: number;
  analyseMs: number;
}

export interface FindingsDenseResult {
  lines5k: DenseRatio;
  lines50k: DenseRatio;
  tenMegabytes: DenseRatio;
  /** `flask-practices check --format json` over the 10 MB file, as a cold process. */
  cliMs: number;
}

/** Runs per size after one warm-up run; the 10 MB file gets fewer, each takes seconds. */
export async function findingsDense(engine: Engine, runs: { lines5k: number; lines50k: number; tenMegabytes: number }): Promise<FindingsDenseResult> {
  const parser = new Parser();
  parser.setLanguage(await Language.load(loadGrammarBytes(__dirname).pythonWasm));
  try {
    const tenMegabytes = findingsDenseModule({ chars: 10 * 1024 * 1024 });
    return {
      lines5k: analyseOverParse(engine, parser, findingsDenseModule({ lines: 5_000 }), runs.lines5k),
      lines50k: analyseOverParse(engine, parser, findingsDenseModule({ lines: 50_000 }), runs.lines50k),
      tenMegabytes: analyseOverParse(engine, parser, tenMegabytes, runs.tenMegabytes),
      cliMs: cliCheck(tenMegabytes),
    };
  } finally {
    parser.delete();
  }
}

/** The full analysis against the bare parse of the same text, interleaved, as run.ts measures it for ordinary modules. */
function analyseOverParse(engine: Engine, parser: Parser, text: string, runs: number): DenseRatio {
  const parses: number[] = [];
  const analyses: number[] = [];
  let findings = 0;
  for (let run = 0; run <= runs; run++) {
    let started = performance.now();
    parser.parse(text)!.delete();
    const parse = performance.now() - started;
    started = performance.now();
    findings = engine.analyseText(text, { ...DEFAULT_SETTINGS }, (analysis) => analysis.findings.length);
    const analyse = performance.now() - started;
    // The first run warms the JIT up.
    if (run > 0) {
      parses.push(parse);
      analyses.push(analyse);
    }
  }
  return { findings, parseMs: median(parses), analyseMs: median(analyses) };
}

function cliCheck(text: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'flask-practices-dense-'));
  try {
    const file = join(dir, 'dense.py');
    writeFileSync(file, text);
    const started = performance.now();
    const result = spawnSync(process.execPath, [join(__dirname, '..', 'dist', 'cli.js'), 'check', file, '--exit-zero', '--format', 'json'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    const elapsed = performance.now() - started;
    if (result.status !== 0) throw new Error(`flask-practices check failed (${result.status}): ${result.stderr}`);
    return elapsed;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures for bench/results: ratios, the 10 MB analysis and the CLI's time. */
export function findingsDenseFigures(result: FindingsDenseResult) {
  const ratio = (r: DenseRatio) => round(r.analyseMs / r.parseMs);
  return {
    findings_dense_analyse_over_parse_5k: ratio(result.lines5k),
    findings_dense_analyse_over_parse_50k: ratio(result.lines50k),
    findings_dense_analyse_over_parse_10mb: ratio(result.tenMegabytes),
    findings_dense_analyse_ms_10mb: round(result.tenMegabytes.analyseMs, 0),
    findings_dense_findings_10mb: result.tenMegabytes.findings,
    findings_dense_cli_ms_10mb: round(result.cliMs, 0),
  };
}

type Figures = ReturnType<typeof findingsDenseFigures>;

/** The row of run.ts's table: measure, 5k lines, 50k lines, goal, met. */
export function findingsDenseRow(f: Figures): [string, string, string, string, string] {
  const met = Math.max(f.findings_dense_analyse_over_parse_5k, f.findings_dense_analyse_over_parse_50k) <= GOAL;
  return ['findings-dense module: analyse / parse', `${f.findings_dense_analyse_over_parse_5k}`, `${f.findings_dense_analyse_over_parse_50k}`, `≤ ${GOAL}`, met ? 'yes' : 'NO'];
}

/** The lines under the table: the 10 MB file. */
export function findingsDenseNotes(f: Figures): [string, string][] {
  const met = f.findings_dense_analyse_over_parse_10mb <= GOAL ? 'yes' : 'NO';
  return [
    [`findings-dense module of 10 MB (${f.findings_dense_findings_10mb} findings): analyse / parse`, `${f.findings_dense_analyse_over_parse_10mb} (goal ≤ ${GOAL}: ${met}); analysis ${f.findings_dense_analyse_ms_10mb} ms`],
    ['  CLI check of it (--format json), cold process', `${f.findings_dense_cli_ms_10mb} ms`],
  ];
}
