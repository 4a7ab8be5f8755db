/**
 * The benchmark's "with-error" input: keystrokes through the real server in a module with a
 * syntax error earlier in the file, as a file being typed into mostly has. A half-typed
 * `def f(:` sits at the top level a tenth of the way in; `x` is typed into a string in the
 * middle of the module and deleted again, as for the clean keystroke figures.
 *
 *   npx tsx bench/with-error.ts [--quick] [--line 'x = [1, 2']     (needs the bundles: node scripts/build.mjs)
 */
import { flaskModule, middleEditOffset, typingStep } from './generate';
import { BenchServer } from './server';
import { median, percentile, round, startedAs } from './stats';

/** Keystroke p95 at 5,000 lines with the error, in milliseconds. */
export const WITH_ERROR_GOAL_P95_MS = 10;

const BROKEN_LINE = 'def f(:\n';

type Size = 5000 | 50000;

export interface WithErrorResult {
  p50: number;
  p95: number;
}

/** The generated module with the broken line before the top-level statement a tenth of the way in. */
export function moduleWithError(lines: number, broken = BROKEN_LINE): string {
  const text = flaskModule(lines);
  const at = text.indexOf('\nclass ', Math.floor(text.length / 10)) + 1;
  return text.slice(0, at) + broken + text.slice(at);
}

/** Server-side keystroke times (p50, p95) at 5,000 and 50,000 lines, with the error in the file. */
export async function keystrokesWithError(plan: { warmUpEdits: number; edits: number }, broken = BROKEN_LINE): Promise<Record<Size, WithErrorResult>> {
  const result = {} as Record<Size, WithErrorResult>;
  for (const size of [5000, 50000] as const) {
    const times = await typeInto(moduleWithError(size, broken), plan);
    result[size] = { p50: round(median(times)), p95: round(percentile(times, 95)) };
  }
  return result;
}

/** Types `x` into the middle of `text` and deletes it again; the server's time for each counted edit. */
async function typeInto(initial: string, plan: { warmUpEdits: number; edits: number }): Promise<number[]> {
  let text = initial;
  const uri = 'file:///tmp/flask-practices-bench/with-error.py';
  const server = await BenchServer.start();
  try {
    await server.open(uri, text);
    const at = middleEditOffset(text);
    const type = async (i: number, count: number) => {
      const step = typingStep(text, at, i, count);
      text = step.text;
      return (await server.edit(uri, step.change)).serverMs;
    };
    for (let i = 0; i < plan.warmUpEdits; i++) await type(i, plan.warmUpEdits);
    const times: number[] = [];
    for (let i = 0; i < plan.edits; i++) times.push(await type(i, plan.edits));
    return times;
  } finally {
    await server.dispose();
  }
}

if (startedAs('with-error')) {
  const quick = process.argv.includes('--quick');
  const line = process.argv.indexOf('--line');
  const broken = line > 0 ? `${process.argv[line + 1] ?? ''}\n` : BROKEN_LINE;
  keystrokesWithError(quick ? { warmUpEdits: 10, edits: 40 } : { warmUpEdits: 20, edits: 200 }, broken).then(
    (result) => {
      for (const size of [5000, 50000] as const) process.stdout.write(`with-error (${JSON.stringify(broken)}), ${size} lines: keystroke p50 ${result[size].p50} ms, p95 ${result[size].p95} ms\n`);
    },
    (error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
