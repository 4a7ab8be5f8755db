import { availableParallelism } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { Engine, fileKindOf, formatConfigProblem, isExcludedPath, resolveSettings, type Settings } from '../engine';
import { ConfigurationFinder } from '../host/configuration';
import { loadGrammarBytes } from '../host/grammarFiles';
import { diskLister, diskReader, overlaidReader } from '../host/projectFiles';
import { RULES } from '../rules';
import { checkFile, indexFiles, projectRelative, type FileJob, type FileResult } from './checkFile';
import { collectSourceFiles } from './files';
import { formatFixReport, formatJson, formatStatistics, formatText, statistics, useColor, type CliFinding, type FixReport } from './format';
import { formatGithub } from './github';
import { runInWorkers } from './pool';
import { formatSarif } from './sarif';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github';

export interface CheckOptions {
  paths: string[];
  format: OutputFormat;
  fix: boolean;
  unsafeFixes: boolean;
  showFixes: boolean;
  /** Print the fixes as a unified diff instead of writing them. */
  diff: boolean;
  statistics: boolean;
  exitZero: boolean;
  /** Findings only: no summary, no warnings. */
  quiet: boolean;
  /** Apply `exclude` to files named on the command line too (pre-commit names every file). */
  forceExclude: boolean;
  select: string[];
  ignore: string[];
  extendSelect: string[];
  /** A pyproject.toml to use for every file instead of the nearest one. */
  config: string | undefined;
  /** Worker threads; undefined: one per core but one (defaultWorkers). */
  workers: number | undefined;
  version: string;
}

/** Below this many files per worker, starting a worker (its own engine) costs more than it saves. */
const FILES_PER_WORKER = 16;

/**
 * `check`: finds each file's configuration, checks the files (on worker threads when there are
 * many), and reports them in the walk's order. A file that cannot be read, decoded or written is
 * reported on stderr and the run goes on; the exit code says what decisions.md says.
 */
export async function check(options: CheckOptions, base: Settings): Promise<number> {
  const warn = (message: string) => options.quiet || process.stderr.write(`warning: ${message}\n`);
  const error = (message: string) => process.stderr.write(`error: ${message}\n`);
  const finder = new ConfigurationFinder(
    RULES.map((r) => r.meta.code),
    (problems) => problems.forEach((problem) => error(formatConfigProblem(problem))),
  );
  const root = process.cwd();
  const explicit = options.config === undefined ? undefined : { layer: finder.explicitLayer(options.config, root) };
  const mode = { fix: options.fix && !options.diff, diff: options.diff, unsafeFixes: options.unsafeFixes, edits: options.format === 'sarif' };

  const jobs: FileJob[] = [];
  for (const { path: file, named } of collectSourceFiles(options.paths, warn)) {
    const settings = explicit ? resolveSettings(base, explicit.layer) : finder.settingsFor(resolve(file), root, base).settings;
    // As in Ruff, a file named on the command line is checked even where `exclude` matches it, unless --force-exclude.
    if (named && !options.forceExclude) jobs.push({ file, named, settings: { ...settings, exclude: [] }, mode });
    else if (!isExcludedPath(projectRelative(file), settings)) jobs.push({ file, named, settings, mode });
  }

  // A walk of the working directory, the CLI's project root, reads every module of the project.
  const wholeProject = options.paths.some((path) => resolve(path) === root);
  const results = await runJobs(jobs, options.workers ?? defaultWorkers(), wholeProject);
  const findings: CliFinding[] = [];
  const fixes: FixReport = { written: 0, notWritten: [], created: [] };
  for (const result of results) {
    for (const message of result.messages) message.level === 'warning' ? warn(message.text) : error(message.text);
    // One by one: a findings-dense file has more findings than a call takes arguments.
    for (const finding of result.findings) findings.push(finding);
    if (result.written) fixes.written++;
    fixes.written += result.alsoWritten?.length ?? 0;
    if (result.notWritten) fixes.notWritten.push(result.notWritten);
    if (result.created) fixes.created!.push(...result.created);
  }
  const usageError = results.some((result) => result.unreadableNamed);

  if (options.diff) {
    const patches = results.flatMap((result) => (result.diff ? [result.diff] : []));
    process.stdout.write(patches.map((patch) => patch.patch).join(''));
    const fixable = patches.reduce((sum, patch) => sum + patch.fixes, 0);
    // Files, not modules: a fix may change templates or create a file too (FLK201, FLK204).
    const files = new Set(patches.flatMap((patch) => patch.files)).size;
    if (!options.quiet) process.stderr.write(patches.length === 0 ? 'No fixes available.\n' : `Would fix ${fixable} problem${fixable === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}.\n`);
    if (usageError) return 2;
    return patches.length > 0 && !options.exitZero ? 1 : 0;
  }

  const fixReport = mode.fix ? fixes : undefined;
  if (options.statistics) {
    const rows = statistics(findings);
    process.stdout.write(options.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : formatStatistics(rows));
  } else if (options.format === 'text') {
    process.stdout.write(formatText(findings, { fixes: fixReport, showFixes: options.showFixes, color: useColor(process.stdout, process.env), quiet: options.quiet }));
  } else {
    const output = options.format === 'json' ? formatJson(findings, options.showFixes) : options.format === 'sarif' ? formatSarif(findings, RULES, options.version) : formatGithub(findings);
    process.stdout.write(output.endsWith('\n') || output === '' ? output : `${output}\n`);
  }
  // Only the report goes to stdout in the machine formats; files left unwritten are told on stderr.
  if ((options.format !== 'text' || options.statistics) && fixes.notWritten.length > 0) process.stderr.write(formatFixReport(fixes));
  if (usageError) return 2;
  return findings.length > 0 && !options.exitZero ? 1 : 0;
}

/**
 * One worker per core but one: the main thread reads the project's modules before the workers
 * start, and the garbage collector runs beside them. On two cores, two workers were slower than
 * checking in the main thread (2,000 files: 2.97 s against 2.63 s).
 */
function defaultWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * Checks the files, on worker threads when there are enough of them. Python modules go first:
 * a Dockerfile's rule reads the module it runs, which `--fix` may have rewritten by then, as a
 * one-thread run would have.
 */
async function runJobs(jobs: readonly FileJob[], workers: number, wholeProject: boolean): Promise<FileResult[]> {
  const modulesFirst = [...jobs.keys()].sort((a, b) => Number(isOtherFile(jobs[a]!)) - Number(isOtherFile(jobs[b]!)) || a - b);
  const threads = Math.min(workers, Math.floor(jobs.length / FILES_PER_WORKER));
  const ordered = modulesFirst.map((index) => jobs[index]!);
  // The project index: every module checked is read first, so each sees what the others define.
  const modulePaths = ordered.filter((job) => !isOtherFile(job)).map((job) => job.file);
  let results: FileResult[];
  // With `--diff`, the modules' fixed texts: files checked after them read those, as after `--fix`.
  const fixedTexts = new Map<string, string>();
  const keepFixed = (job: FileJob, result: FileResult | undefined) => {
    if (result?.fixedText !== undefined) fixedTexts.set(resolve(job.file).split(sep).join('/'), result.fixedText);
  };
  if (threads <= 1) {
    const engine = await Engine.create(loadGrammarBytes(__dirname), RULES, overlaidReader(fixedTexts), diskLister);
    // This engine checks next: with one module, the check reuses the index's parse of it.
    indexFiles(engine, modulePaths, wholeProject, true);
    results = ordered.map((job) => {
      const result = checkFile(engine, job);
      keepFixed(job, result);
      return result;
    });
  } else {
    const split = ordered.findIndex(isOtherFile);
    const modules = split < 0 ? ordered : ordered.slice(0, split);
    const others = split < 0 ? [] : ordered.slice(split);
    const script = join(__dirname, 'cliWorker.js');
    // The modules are read into one index here and its facts handed to every thread, so no thread parses them again.
    const indexer = await Engine.create(loadGrammarBytes(__dirname), RULES, diskReader, diskLister);
    indexFiles(indexer, modulePaths, wholeProject);
    const moduleResults = await runInWorkers<FileJob, FileResult>(script, modules, threads, { facts: indexer.projects.snapshot() });
    // What `--fix` rewrote is read again before the files that read modules (Dockerfiles) are checked.
    indexFiles(indexer, modules.filter((_, i) => moduleResults[i]?.written).map((job) => job.file));
    modules.forEach((job, i) => keepFixed(job, moduleResults[i]));
    for (const [path, text] of fixedTexts) indexer.indexFile(path, projectRelative(path), text);
    const setup = { facts: indexer.projects.snapshot(), fixedTexts: [...fixedTexts] };
    const otherResults = others.length > 0 ? await runInWorkers<FileJob, FileResult>(script, others, threads, setup) : [];
    results = [...moduleResults, ...otherResults];
  }
  const inOrder = new Array<FileResult>(jobs.length);
  modulesFirst.forEach((index, position) => (inOrder[index] = results[position]!));
  return inOrder;
}

function isOtherFile(job: FileJob): boolean {
  return (fileKindOf(job.file) ?? 'python') !== 'python';
}
