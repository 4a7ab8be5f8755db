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
}

/** A finding as the CLI prints it: the JSON fields plus what the text format shows. */
export interface CliFinding extends JsonFinding {
  fixSafety: 'safe' | 'unsafe' | undefined;
  sourceLine: string;
}

export function formatJson(findings: readonly CliFinding[]): string {
  const json: JsonFinding[] = findings.map(({ file, line, column, endLine, endColumn, code, slug, severity, message, fixable }) => ({
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
  }));
  return JSON.stringify(json, null, 2);
}

/** Ruff-style text: `path:line:col: CODE message`, the source line, and carets under the range. */
export function formatText(findings: readonly CliFinding[], options: { fixedFiles: number; fixMode: boolean; color: boolean }): string {
  const paint = (code: string, text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  let out = '';
  for (const f of findings) {
    out += `${paint('1', `${f.file}:${f.line}:${f.column}:`)} ${paint('1;31', f.code)} ${f.message}${f.fixable ? paint('2', f.fixSafety === 'unsafe' ? ' [unsafe fix]' : ' [fix]') : ''}\n`;
    const chars = [...f.sourceLine];
    const width = f.endLine === f.line ? Math.max(1, f.endColumn - f.column) : Math.max(1, chars.length - f.column + 1);
    const gutter = String(f.line).length;
    out += `${' '.repeat(gutter)} |\n`;
    out += `${f.line} | ${f.sourceLine.replace(/\t/g, ' ')}\n`;
    out += `${' '.repeat(gutter)} | ${' '.repeat(f.column - 1)}${paint('31', '^'.repeat(width))} ${f.code}\n\n`;
  }
  const safe = findings.filter((f) => f.fixable && f.fixSafety === 'safe').length;
  const unsafe = findings.filter((f) => f.fixable && f.fixSafety === 'unsafe').length;
  if (options.fixMode) out += `Fixed ${options.fixedFiles} file${options.fixedFiles === 1 ? '' : 's'}.\n`;
  if (findings.length === 0) return `${out}All checks passed!\n`;
  out += `Found ${findings.length} problem${findings.length === 1 ? '' : 's'}.`;
  if (safe > 0) out += ` ${safe} fixable with --fix.`;
  if (unsafe > 0) out += ` ${unsafe} more with --fix --unsafe-fixes.`;
  return `${out}\n`;
}
