/**
 * A large paste into an open document, against opening the same text: a paste must cost no more.
 * (It was quadratic: 326 KB of clean functions took 2.5 s, against 0.18 s when opened, as the
 * anchor search of each pasted statement read on to the end of the file.)
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_SETTINGS, LineIndex, type Engine } from '../server/src/engine';
import { cleanFunctions, flaskModule } from './generate';
import { median, round } from './stats';

export const PASTE_SIZES_KB = [326, 1024] as const;

export interface PasteResult {
  kilobytes: number;
  openMs: number;
  pasteMs: number;
}

/**
 * For each size: open the final text and analyse it, against analysing the paste of its clean
 * functions into a small module already open and analysed; through the engine's open, change
 * and analyse, as the language server's worker calls them. Interleaved; medians after a warm-up.
 */
export function paste(engine: Engine, runs: number): PasteResult[] {
  const settings = { ...DEFAULT_SETTINGS };
  const before = flaskModule(200);
  const at = before.indexOf('\nif __name__');
  const where = new LineIndex(before).positionAt(at);
  return PASTE_SIZES_KB.map((kilobytes) => {
    const pasted = cleanFunctions(kilobytes * 1024);
    const after = before.slice(0, at) + pasted + before.slice(at);
    const opens: number[] = [];
    const pastes: number[] = [];
    for (let run = 0; run <= runs; run++) {
      let started = performance.now();
      engine.open('file:///bench/opened.py', after, 1);
      engine.analyse('file:///bench/opened.py', settings);
      engine.close('file:///bench/opened.py');
      const open = performance.now() - started;

      engine.open('file:///bench/pasted.py', before, 1);
      engine.analyse('file:///bench/pasted.py', settings);
      started = performance.now();
      engine.change('file:///bench/pasted.py', [{ range: { start: where, end: where }, text: pasted }], 2);
      const analysis = engine.analyse('file:///bench/pasted.py', settings)!;
      engine.close('file:///bench/pasted.py');
      const paste = performance.now() - started;
      if (analysis.text !== after) throw new Error('the paste did not give the opened text');
      if (run > 0) {
        opens.push(open);
        pastes.push(paste);
      }
    }
    return { kilobytes, openMs: median(opens), pasteMs: median(pastes) };
  });
}

/** The figures for bench/results: per size, paste ÷ open and both times. */
export function pasteFigures(results: readonly PasteResult[]): Record<string, number> {
  return Object.fromEntries(
    results.flatMap(({ kilobytes, openMs, pasteMs }) => [
      [`paste_over_open_${kilobytes}kb`, round(pasteMs / openMs)],
      [`paste_ms_${kilobytes}kb`, round(pasteMs, 0)],
      [`open_ms_${kilobytes}kb`, round(openMs, 0)],
    ]),
  );
}

/**
 * A paste costs what opening the same text costs: the parse and the rules are the same work, and
 * the paste also applies the change (a few milliseconds per megabyte), hence 1.1.
 */
const GOAL = 1.1;

/** The lines under run.ts's table. */
export function pasteNotes(figures: Record<string, number>): [string, string][] {
  return PASTE_SIZES_KB.map((kilobytes) => {
    const ratio = figures[`paste_over_open_${kilobytes}kb`]!;
    return [
      `paste of ${kilobytes} KB of functions into an open module ÷ opening the result`,
      `${ratio} (goal ≤ ${GOAL}: ${ratio <= GOAL ? 'yes' : 'NO'}); ${figures[`paste_ms_${kilobytes}kb`]} ms against ${figures[`open_ms_${kilobytes}kb`]} ms`,
    ];
  });
}
