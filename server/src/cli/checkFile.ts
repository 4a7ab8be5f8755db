import { readFileSync, rmSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { cliPosition, fileKindOf, fixAvailability, LineIndex, type Engine, type Finding, type NewFile, type OffsetRange, type Settings } from '../engine';
import { decodeSource, encodeSource, type SourceEncoding } from './encoding';
import { createNewFile, errorCode, rewriteFile } from './files';
import type { CliEdit, CliFinding, CliRelated } from './format';

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
  /** Files `--fix` created for fixes that add them (FLK204's `health.py`), as paths relative to the working directory. */
  created?: string[];
  /** With `--diff`: the unified diff of the fixes, how many findings they fix, and the files it changes or creates. */
  diff?: { patch: string; fixes: number; files: string[] };
  /** With `--diff`, for a Python module: its fixed text, which files checked later read as `--fix` would have left it. */
  fixedText?: string;
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
  let newFiles: NewFile[] = [];
  // Fixes that edit other files of the project too (FLK201's endpoint renames): their new texts, by path from the root.
  const others = new Map<string, string>();
  if (mode.fix || mode.diff) ({ text: fixed, files: newFiles } = engine.fixAll(source.text, settings, mode.unsafeFixes, path, resolve(file), { createFiles: true, otherFiles: others }));
  if (mode.fix && fixed !== source.text) {
    // The new files first: the fixed module imports them, so it is written only once they all exist.
    const created = createFiles(file, newFiles, result);
    if (created) text = writeFixed(file, bytes, source, fixed, result);
    if (created && text === fixed) {
      result.created = created.map((f) => f.path);
      // The other files change only with this one, so that a rename stays whole.
      for (const [other, otherText] of others) writeOtherFile(other, otherText, result);
      // The project changed: this module's findings must see it as it is now.
      for (const f of created) engine.indexFile(resolve(f.path), f.path, f.text);
      engine.indexFile(resolve(file), path, text);
    } else for (const f of created ?? []) rmSync(f.path, { force: true });
  }
  // One by one: a findings-dense file has more findings than a call takes arguments.
  for (const finding of findingsOf(engine, file, text, settings, result, mode.edits)) result.findings.push(finding);
  if (mode.diff && !mode.fix && fixed !== source.text) {
    // Without --fix, the findings are the original text's: those whose fix the diff applies.
    const fixes = result.findings.filter((f) => f.fix && (mode.unsafeFixes || f.fix.safety === 'safe')).length;
    const patches = [createTwoFilesPatch(`a/${path}`, `b/${path}`, source.text, fixed)];
    for (const [other, otherText] of others) patches.push(createTwoFilesPatch(`a/${other}`, `b/${other}`, readFileSync(resolve(other), 'utf8'), otherText));
    for (const f of newFiles) patches.push(createTwoFilesPatch('/dev/null', `b/${f.path}`, '', f.text));
    result.diff = { patch: patches.join(''), fixes, files: [path, ...others.keys(), ...newFiles.map((f) => f.path)] };
    if ((fileKindOf(file) ?? 'python') === 'python') {
      result.fixedText = fixed;
      // As `--fix` re-indexes what it wrote: modules checked later see this one fixed.
      engine.indexFile(resolve(file), path, fixed);
    }
  }
  return result;
}

/**
 * Creates the files the fixes add, never over an existing one; undefined (and nothing left
 * behind) when one cannot be created, so the module is not rewritten to import a missing file.
 */
function createFiles(file: string, files: readonly NewFile[], result: FileResult): NewFile[] | undefined {
  const created: NewFile[] = [];
  for (const newFile of files) {
    const reason = createNewFile(newFile.path, newFile.text);
    if (reason === undefined) {
      created.push(newFile);
      continue;
    }
    for (const done of created) rmSync(done.path, { force: true });
    const why = `${newFile.path} not created (${reason}); the file is unchanged`;
    result.messages.push({ level: 'error', text: `${file}: fixes not written (${why})` });
    result.notWritten = { file, reason: why };
    return undefined;
  }
  return created;
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
  const place = { location: resolve(file), path: projectRelative(file) };
  return engine.analyseText(
    text,
    settings,
    (analysis) => {
      if (analysis.skipped === 'too-large') result.messages.push({ level: 'warning', text: `${file}: larger than ${settings.maxFileSizeMb} MB; skipped` });
      // Ruff and Pylint report the error itself; here only what it hides is said.
      else if (analysis.syntaxErrors && !analysis.skipped) result.messages.push({ level: 'warning', text: `${file}: has a syntax error; the statements it breaks were not checked` });
      for (const failure of analysis.ruleErrors) result.messages.push({ level: 'error', text: `${failure.code} failed on ${file}: ${failure.error}` });
      return analysis.findings.map((f): CliFinding => {
        const { start, end } = cliRange(analysis.lines, f.range);
        const availability = f.fix && fixAvailability(f.fix);
        const fix = f.fix && availability?.ok ? { title: f.fix.title, safety: availability.safety ?? f.fix.safety } : undefined;
        // SARIF's fixes replace text in this file: a fix that creates or edits other files is left out there.
        const edits = withEdits && f.fix && fix && !f.fix.files && !f.fix.otherFiles ? f.fix.edits().map((e): CliEdit => ({ ...cliRange(analysis.lines, e.range), newText: e.newText })) : undefined;
        const related = f.related && relatedOf(engine, place, analysis.lines, f.related);
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
          ...(related && related.length > 0 ? { related } : {}),
          fixRefused: availability?.ok === false ? availability.reason : undefined,
          sourceLine: text.slice(analysis.lines.lineStart(start.line - 1), analysis.lines.lineContentEnd(start.line - 1)),
        };
      });
    },
    place.path,
    place.location,
  );
}

/** A finding's related places in CLI positions; a place in a file that cannot be read is left out. */
function relatedOf(engine: Engine, place: { location: string; path: string }, own: LineIndex, related: NonNullable<Finding['related']>): CliRelated[] {
  const files = new Map<string, LineIndex | undefined>([[place.path, own]]);
  const found: CliRelated[] = [];
  for (const item of related) {
    if (!files.has(item.path)) {
      const text = engine.projectFileText(place, item.path);
      files.set(item.path, text === undefined ? undefined : new LineIndex(text));
    }
    const lines = files.get(item.path);
    if (!lines) continue;
    const { start, end } = cliRange(lines, item.range);
    found.push({ file: item.path, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, message: item.message });
  }
  return found;
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
export function indexFiles(engine: Engine, files: readonly string[], complete = false, keepLast = false): void {
  for (const [index, file] of files.entries()) {
    let source: ReturnType<typeof decodeSource>;
    try {
      source = decodeSource(readFileSync(file), true);
    } catch {
      continue;
    }
    // `keepLast`: the last module's parse is kept for the engine's next analysis, where a run of one module checks it.
    if (!('problem' in source)) engine.indexFile(resolve(file), projectRelative(file), source.text, keepLast && index === files.length - 1);
  }
  // Run from the project's root, every module of it was read: fixes may count on seeing every reference.
  if (complete && files.length > 0) engine.markProjectComplete(resolve(files[0]!), projectRelative(files[0]!));
}
