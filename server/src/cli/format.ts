import { createColors } from 'picocolors';
import type { FixSafety } from '../engine';

export interface FixDescription {
  title: string;
  safety: FixSafety;
}

/** One finding in `--format json`: 1-based lines, 1-based columns in characters (code points). */
export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  slug: string;
  severity: string;
  message: string;
  fixable: boolean;
  /** With --show-fixes: the fix offered, or null. */
  fix?: FixDescription | null;
  /** With --show-fixes: why the rule's fix is not offered here. */
  fixRefused?: string;
  /** Other places the finding points at (FLK303: payloads in the project's format). */
  related?: CliRelated[];
}

/** A finding's related place, in CLI positions; `file` is relative to the working directory. */
export interface CliRelated {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** A fix's edit in CLI positions (1-based lines, 1-based columns in code points), for SARIF. */
export interface CliEdit {
  start: { line: number; column: number };
  end: { line: number; column: number };
  newText: string;
}

/** A finding as the CLI prints it: the JSON fields plus what the text format shows. */
export interface CliFinding extends Omit<JsonFinding, 'fix' | 'fixRefused'> {
  /** The fix offered (so `fixable` is true), if any. */
  fix: FixDescription | undefined;
  /** The fix's edits, when the output needs them (`--format sarif`). */
  edits?: CliEdit[];
  /** Why the finding's fix is not offered, when it has one that is not. */
  fixRefused: string | undefined;
  sourceLine: string;
}

/** What `--fix` did: how many files it rewrote, and which it could not write, with why. */
export interface FixReport {
  written: number;
  notWritten: { file: string; reason: string }[];
  /** Files fixes created (`health.py`), relative to the working directory. */
  created?: string[];
}

export function formatJson(findings: readonly CliFinding[], showFixes: boolean): string {
  const json: JsonFinding[] = findings.map(({ file, line, column, endLine, endColumn, code, slug, severity, message, fixable, fix, fixRefused, related }) => ({
    file,
    line,
    column,
    endLine,
    endColumn,
    code,
    slug,
    severity,
    message,
    fixable,
    ...(showFixes ? { fix: fix ?? null, ...(fixRefused === undefined ? {} : { fixRefused }) } : {}),
    ...(related ? { related } : {}),
  }));
  return JSON.stringify(json, null, 2);
}

/**
 * Whether text output is coloured: on a terminal, unless NO_COLOR is set to anything
 * (no-color.org); never when piped or redirected.
 */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

/**
 * Ruff-style text: `path:line:col: CODE message`, the source line, and carets under the range.
 * `quiet`: the findings alone, without the summary.
 */
export function formatText(findings: readonly CliFinding[], options: { fixes: FixReport | undefined; showFixes: boolean; color: boolean; quiet?: boolean }): string {
  const c = createColors(options.color);
  let out = '';
  for (const f of findings) {
    out += `${c.bold(`${f.file}:${f.line}:${f.column}:`)} ${c.bold(c.red(f.code))} ${f.message}${f.fix ? c.dim(f.fix.safety === 'unsafe' ? ' [unsafe fix]' : ' [fix]') : ''}\n`;
    const chars = [...f.sourceLine];
    const width = f.endLine === f.line ? Math.max(1, f.endColumn - f.column) : Math.max(1, chars.length - f.column + 1);
    const gutter = String(f.line).length;
    out += `${' '.repeat(gutter)} |\n`;
    out += `${f.line} | ${f.sourceLine.replace(/\t/g, ' ')}\n`;
    out += `${' '.repeat(gutter)} | ${' '.repeat(f.column - 1)}${c.red('^'.repeat(width))} ${f.code}\n`;
    for (const r of f.related ?? []) out += `${' '.repeat(gutter)} = ${c.dim('related:')} ${r.file}:${r.line}:${r.column}: ${r.message}\n`;
    if (options.showFixes) out += `  ${describeFix(f)}\n`;
    out += '\n';
  }
  if (options.quiet) return out;
  const safe = findings.filter((f) => f.fix?.safety === 'safe').length;
  const unsafe = findings.filter((f) => f.fix?.safety === 'unsafe').length;
  if (options.fixes) out += formatFixReport(options.fixes);
  if (findings.length === 0) return `${out}All checks passed!\n`;
  out += `Found ${findings.length} problem${findings.length === 1 ? '' : 's'}.`;
  if (safe > 0) out += ` ${safe} fixable with --fix.`;
  if (unsafe > 0) out += ` ${unsafe} more with --fix --unsafe-fixes.`;
  return `${out}\n`;
}

/** `Fixed N files.`, then each file that --fix could not write and why. */
export function formatFixReport(fixes: FixReport): string {
  let out = `Fixed ${plural(fixes.written, 'file')}.\n`;
  if (fixes.created?.length) out += `Created ${plural(fixes.created.length, 'file')}: ${fixes.created.join(', ')}.\n`;
  if (fixes.notWritten.length === 0) return out;
  out += `Not written: ${plural(fixes.notWritten.length, 'file')}, whose fixes are not applied:\n`;
  for (const { file, reason } of fixes.notWritten) out += `  ${file}: ${reason}\n`;
  return out;
}

/** `--statistics`: per code, how many findings, and whether a fix is offered for some (`[*]`), as Ruff prints them. */
export interface RuleStatistic {
  code: string;
  name: string;
  count: number;
  fixable: boolean;
}

export function statistics(findings: readonly CliFinding[]): RuleStatistic[] {
  const byCode = new Map<string, RuleStatistic>();
  for (const f of findings) {
    const entry = byCode.get(f.code) ?? { code: f.code, name: f.slug, count: 0, fixable: false };
    entry.count++;
    entry.fixable ||= f.fixable;
    byCode.set(f.code, entry);
  }
  return [...byCode.values()].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
}

export function formatStatistics(rows: readonly RuleStatistic[]): string {
  const width = Math.max(1, ...rows.map((row) => String(row.count).length));
  return rows.map((row) => `${String(row.count).padStart(width)}\t${row.code}\t${row.fixable ? '[*]' : '[ ]'} ${row.name}\n`).join('');
}

function describeFix(f: CliFinding): string {
  if (f.fix) return `fix (${f.fix.safety}): ${f.fix.title}`;
  return f.fixRefused === undefined ? 'no fix' : `no fix: ${f.fixRefused}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
