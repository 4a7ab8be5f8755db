/** Order statistics for timings: the benchmark reports medians and 95th percentiles. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: the smallest value with at least p% of the values at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Rounds for the table and the JSON: two significant decimals are plenty for timings. */
export function round(value: number, decimals = 2): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * Whether the process was started on this bench file itself (`tsx bench/with-error.ts`), not on
 * run.ts: `require.main === module` cannot tell once run.ts is bundled with the files it imports.
 */
export function startedAs(name: string): boolean {
  return (process.argv[1] ?? '').replace(/\\/g, '/').split('/').pop()?.replace(/\.[cm]?[jt]s$/, '') === name;
}
