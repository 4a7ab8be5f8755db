import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { cliPosition, Engine, fileKindOf, fixAvailability, type Settings } from '../engine';
import { loadGrammarBytes } from '../host/grammarFiles';
import { diskReader } from '../host/projectFiles';
import { RULES } from '../rules';
import { decodeSource, encodeSource, type SourceEncoding } from './encoding';
import { collectSourceFiles, errorCode, rewriteFile } from './files';
import { formatFixReport, formatJson, formatText, type CliFinding, type FixReport } from './format';

export interface CheckOptions {
  paths: string[];
  format: 'text' | 'json';
  fix: boolean;
  unsafeFixes: boolean;
  showFixes: boolean;
  exitZero: boolean;
  select: string[];
  ignore: string[];
}

const warn = (message: string) => process.stderr.write(`warning: ${message}\n`);
const error = (message: string) => process.stderr.write(`error: ${message}\n`);

/**
 * `check`: reads, fixes when asked, and reports every file. A file that cannot be read, decoded
 * or written is reported on stderr and the run goes on; the exit code says what decisions.md says.
 */
export async function check(options: CheckOptions, settings: Settings): Promise<number> {
  const engine = await Engine.create(loadGrammarBytes(__dirname), RULES, diskReader);
  const findings: CliFinding[] = [];
  const fixes: FixReport = { written: 0, notWritten: [] };
  let namedFileUnreadable = false;

  const files = collectSourceFiles(options.paths, warn);
  indexProject(engine, files.map((f) => f.path));
  for (const { path: file, named } of files) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (failure) {
      // A path on the command line that cannot be read is a usage error (exit 2); one found in a folder is skipped.
      if (named) error(`${file}: cannot be read (${errorCode(failure)})`);
      else warn(`${file}: cannot be read (${errorCode(failure)}); skipped`);
      namedFileUnreadable ||= named;
      continue;
    }
    const source = decodeSource(bytes, (fileKindOf(file) ?? 'python') === 'python');
    if ('problem' in source) {
      warn(`${file}: ${source.problem}; skipped`);
      continue;
    }
    const text = options.fix ? fixFile(engine, file, bytes, source, options, settings, fixes) : source.text;
    // One by one: a findings-dense file has more findings than a call takes arguments.
    for (const finding of findingsOf(engine, file, text, settings)) findings.push(finding);
  }

  const fixReport = options.fix ? fixes : undefined;
  if (options.format === 'json') {
    process.stdout.write(`${formatJson(findings, options.showFixes)}\n`);
    // stdout holds only the JSON; files left unwritten are told on stderr.
    if (fixes.notWritten.length > 0) process.stderr.write(formatFixReport(fixes));
  } else {
    process.stdout.write(formatText(findings, { fixes: fixReport, showFixes: options.showFixes, color: process.stdout.isTTY === true }));
  }
  if (namedFileUnreadable) return 2;
  return findings.length > 0 && !options.exitZero ? 1 : 0;
}

/**
 * Reads every Python module checked into the project index first, so each module's findings see
 * what the others define (an app imported from `main`, the project's factory). Unreadable files
 * are left to the check itself to report.
 */
function indexProject(engine: Engine, files: readonly string[]): void {
  for (const file of files) {
    if ((fileKindOf(file) ?? 'python') !== 'python') continue;
    let source: ReturnType<typeof decodeSource>;
    try {
      source = decodeSource(readFileSync(file), true);
    } catch {
      continue;
    }
    if (!('problem' in source)) engine.indexFile(resolve(file), projectRelative(file), source.text);
  }
}

/** Applies the fixes and writes the file back; returns the text now on disk. */
function fixFile(
  engine: Engine,
  file: string,
  bytes: Uint8Array,
  source: { text: string; encoding: SourceEncoding },
  options: CheckOptions,
  settings: Settings,
  fixes: FixReport,
): string {
  const fixed = engine.fixAll(source.text, settings, options.unsafeFixes, projectRelative(file), resolve(file)).text;
  if (fixed === source.text) return source.text;
  const encoded = encodeSource(fixed, source.encoding);
  const reason = 'problem' in encoded ? `${encoded.problem}; the file is unchanged` : rewriteFile(file, encoded.bytes, bytes);
  if (reason === undefined) {
    fixes.written++;
    // Later files are checked against what this one now defines.
    if ((fileKindOf(file) ?? 'python') === 'python') engine.indexFile(resolve(file), projectRelative(file), fixed);
    return fixed;
  }
  error(`${file}: fixes not written (${reason})`);
  fixes.notWritten.push({ file, reason });
  return source.text;
}

function findingsOf(engine: Engine, file: string, text: string, settings: Settings): CliFinding[] {
  return engine.analyseText(
    text,
    settings,
    (analysis) => {
      if (analysis.skipped === 'too-large') warn(`${file}: larger than ${settings.maxFileSizeMb} MB; skipped`);
      for (const failure of analysis.ruleErrors) error(`${failure.code} failed on ${file}: ${failure.error}`);
      return analysis.findings.map((f): CliFinding => {
        const start = cliPosition(analysis.lines, f.range.start);
        const end = cliPosition(analysis.lines, f.range.end);
        const availability = f.fix && fixAvailability(f.fix);
        return {
          file,
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: end.column,
          code: f.code,
          slug: engine.rule(f.code)!.meta.slug,
          severity: f.severity,
          message: f.message,
          fixable: availability?.ok === true,
          fix: f.fix && availability?.ok ? { title: f.fix.title, safety: f.fix.safety } : undefined,
          fixRefused: availability?.ok === false ? availability.reason : undefined,
          sourceLine: text.slice(analysis.lines.lineStart(start.line - 1), analysis.lines.lineContentEnd(start.line - 1)),
        };
      });
    },
    projectRelative(file),
    resolve(file),
  );
}

/**
 * A file's path as the engine reads it (test modules, `__main__.py`): relative to the working
 * directory, where a project is checked from, `/`-separated, without leading `../` steps.
 */
function projectRelative(file: string): string {
  return relative(process.cwd(), resolve(file)).split(sep).filter((part) => part !== '..').join('/');
}
