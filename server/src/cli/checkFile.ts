import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { cliPosition, fileKindOf, fixAvailability, type Engine, type LineIndex, type OffsetRange, type Settings } from '../engine';
import { decodeSource, encodeSource, type SourceEncoding } from './encoding';
import { errorCode, rewriteFile } from './files';
import type { CliEdit, CliFinding } from './format';

/** One file to check, as the main thread hands it to a worker: plain data. */
export interface FileJob {
  file: string;
  /** Named on the command line, rather than found in a folder. */
  named: boolean;
  settings: Settings;
  mode: FileMode;
}

export interface FileMode {
  /** Write the fixes back. */
  fix: boolean;
  /** Compute the fixes and their diff, without writing. */
  diff: boolean;
  unsafeFixes: boolean;
  /** Each finding's fix edits (for SARIF). */
  edits: boolean;
}

export interface FileMessage {
  level: 'warning' | 'error';
  text: string;
}

/** What checking one file gave. Messages are kept, not printed, so that output keeps the files' order whatever thread ran them. */
export interface FileResult {
  findings: CliFinding[];
  messages: FileMessage[];
  /** A file named on the command line that cannot be read: exit code 2. */
  unreadableNamed?: true;
  written?: true;
  /** Other files a fix of this one rewrote too (FLK201's endpoint renames). */
  alsoWritten?: string[];
  notWritten?: { file: string; reason: string };
  /** With `--diff`: the unified diff of the fixes, and how many findings they fix. */
  diff?: { patch: string; fixes: number };
}

/** Reads, fixes when asked, and analyses one file. */
export function checkFile(engine: Engine, job: FileJob): FileResult {
  const { file, named, settings, mode } = job;
  const result: FileResult = { findings: [], messages: [] };
  const warn = (text: string) => result.messages.push({ level: 'warning', text });
  const error = (text: string) => result.messages.push({ level: 'error', text });
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (failure) {
    // A path on the command line that cannot be read is a usage error (exit 2); one found in a folder is skipped.
    if (named) {
      error(`${file}: cannot be read (${errorCode(failure)})`);
      result.unreadableNamed = true;
    } else warn(`${file}: cannot be read (${errorCode(failure)}); skipped`);
    return result;
  }
  const source = decodeSource(bytes, (fileKindOf(file) ?? 'python') === 'python');
  if ('problem' in source) {
    warn(`${file}: ${source.problem}; skipped`);
    return result;
  }
  const path = projectRelative(file);
  let text = source.text;
  let fixed = source.text;
  // Fixes that edit other files of the project too (FLK201's endpoint renames): their new texts, by path from the root.
  const others = new Map<string, string>();
  if (mode.fix || mode.diff) fixed = engine.fixAll(source.text, settings, mode.unsafeFixes, path, resolve(file), others).text;
  if (mode.fix && fixed !== source.text) {
    text = writeFixed(file, bytes, source, fixed, result);
    // The other files change only with this one, so that the rename stays whole.
    if (text === fixed) for (const [other, otherText] of others) writeOtherFile(other, otherText, result);
  }
  // One by one: a findings-dense file has more findings than a call takes arguments.
  for (const finding of findingsOf(engine, file, text, settings, result, mode.edits)) result.findings.push(finding);
  if (mode.diff && !mode.fix && fixed !== source.text) {
    // Without --fix, the findings are the original text's: those whose fix the diff applies.
    const fixes = result.findings.filter((f) => f.fix && (mode.unsafeFixes || f.fix.safety === 'safe')).length;
    const patches = [createTwoFilesPatch(`a/${path}`, `b/${path}`, source.text, fixed)];
    for (const [other, otherText] of others) patches.push(createTwoFilesPatch(`a/${other}`, `b/${other}`, readFileSync(resolve(other), 'utf8'), otherText));
    result.diff = { patch: patches.join(''), fixes };
  }
  return result;
}

/** Writes the fixed text in the file's own encoding; returns the text now on disk. */
function writeFixed(file: string, bytes: Uint8Array, source: { text: string; encoding: SourceEncoding }, fixed: string, result: FileResult): string {
  const encoded = encodeSource(fixed, source.encoding);
  const reason = 'problem' in encoded ? `${encoded.problem}; the file is unchanged` : rewriteFile(file, encoded.bytes, bytes);
  if (reason === undefined) {
    result.written = true;
    return fixed;
  }
  result.messages.push({ level: 'error', text: `${file}: fixes not written (${reason})` });
  result.notWritten = { file, reason };
  return source.text;
}

/** Writes another project file a fix edits (its path from the working directory, the CLI's project root), kept UTF-8 as it was read. */
function writeOtherFile(path: string, text: string, result: FileResult): void {
  const file = resolve(path);
  let reason: string | undefined;
  try {
    reason = rewriteFile(file, new TextEncoder().encode(text), readFileSync(file));
  } catch (failure) {
    reason = errorCode(failure);
  }
  if (reason === undefined) (result.alsoWritten ??= []).push(file);
  else result.messages.push({ level: 'error', text: `${file}: fixes not written (${reason})` });
}

function findingsOf(engine: Engine, file: string, text: string, settings: Settings, result: FileResult, withEdits: boolean): CliFinding[] {
  return engine.analyseText(
    text,
    settings,
    (analysis) => {
      if (analysis.skipped === 'too-large') result.messages.push({ level: 'warning', text: `${file}: larger than ${settings.maxFileSizeMb} MB; skipped` });
      for (const failure of analysis.ruleErrors) result.messages.push({ level: 'error', text: `${failure.code} failed on ${file}: ${failure.error}` });
      return analysis.findings.map((f): CliFinding => {
        const { start, end } = cliRange(analysis.lines, f.range);
        const availability = f.fix && fixAvailability(f.fix);
        const fix = f.fix && availability?.ok ? { title: f.fix.title, safety: availability.safety ?? f.fix.safety } : undefined;
        const edits = withEdits && f.fix && fix ? f.fix.edits().map((e): CliEdit => ({ ...cliRange(analysis.lines, e.range), newText: e.newText })) : undefined;
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
          fix,
          ...(edits ? { edits } : {}),
          fixRefused: availability?.ok === false ? availability.reason : undefined,
          sourceLine: text.slice(analysis.lines.lineStart(start.line - 1), analysis.lines.lineContentEnd(start.line - 1)),
        };
      });
    },
    projectRelative(file),
    resolve(file),
  );
}

function cliRange(lines: LineIndex, range: OffsetRange) {
  return { start: cliPosition(lines, range.start), end: cliPosition(lines, range.end) };
}

/**
 * A file's path as the engine reads it (test modules, `__main__.py`, globs): relative to the
 * working directory, where a project is checked from, `/`-separated, without leading `../` steps.
 */
export function projectRelative(file: string): string {
  return relative(process.cwd(), resolve(file)).split(sep).filter((part) => part !== '..').join('/');
}

/**
 * Reads every Python module to be checked into the engine's project index first, so each module's
 * findings see what the others define (an app imported from `main`, the project's factory).
 * Unreadable and undecodable files are left to the check itself to report.
 */
export function indexFiles(engine: Engine, files: readonly string[], complete = false): void {
  for (const file of files) {
    let source: ReturnType<typeof decodeSource>;
    try {
      source = decodeSource(readFileSync(file), true);
    } catch {
      continue;
    }
    if (!('problem' in source)) engine.indexFile(resolve(file), projectRelative(file), source.text);
  }
  // Run from the project's root, every module of it was read: fixes may count on seeing every reference.
  if (complete && files.length > 0) engine.markProjectComplete(resolve(files[0]!), projectRelative(files[0]!));
}
