import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { cliPosition, DEFAULT_SETTINGS, Engine, normaliseSettings, offersFix, renderRuleDocs, type Settings } from '../engine';
import { loadGrammarBytes } from '../host/grammarFiles';
import { RULES } from '../rules';
import { formatJson, formatText, type CliFinding } from './format';
import { collectPythonFiles, decodeSource } from './files';

const USAGE = `Usage:
  flask-practices check [PATHS...] [--format text|json] [--fix] [--unsafe-fixes]
                        [--select CODES] [--ignore CODES] [--exit-zero]
  flask-practices explain CODE
  flask-practices rules
  flask-practices server --stdio

Exit codes: 0 no findings, 1 findings, 2 usage error or unreadable path.`;

class UsageError extends Error {}

interface CheckOptions {
  paths: string[];
  format: 'text' | 'json';
  fix: boolean;
  unsafeFixes: boolean;
  exitZero: boolean;
  select: string[];
  ignore: string[];
}

function parseCheckOptions(args: string[]): CheckOptions {
  const options: CheckOptions = { paths: [], format: 'text', fix: false, unsafeFixes: false, exitZero: false, select: [], ignore: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format ${JSON.stringify(format)}; use text or json`);
        options.format = format;
        break;
      }
      case '--fix':
        options.fix = true;
        break;
      case '--unsafe-fixes':
        options.unsafeFixes = true;
        break;
      case '--exit-zero':
        options.exitZero = true;
        break;
      case '--select':
        options.select.push(...value().split(','));
        break;
      case '--ignore':
        options.ignore.push(...value().split(','));
        break;
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
        options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}

function settingsFrom(options: CheckOptions): Settings {
  const { settings, problems } = normaliseSettings(
    { select: options.select, ignore: options.ignore },
    RULES.map((r) => r.meta.code),
  );
  for (const problem of problems) process.stderr.write(`warning: ${problem.replace('flaskPractices.', '--')}\n`);
  return { ...settings, maxFileSizeMb: DEFAULT_SETTINGS.maxFileSizeMb };
}

async function check(args: string[]): Promise<number> {
  const options = parseCheckOptions(args);
  for (const path of options.paths) {
    try {
      statSync(path);
    } catch {
      throw new UsageError(`${path}: no such file or directory`);
    }
  }
  const settings = settingsFrom(options);
  const engine = await Engine.create(loadGrammarBytes(__dirname), RULES);
  const files = collectPythonFiles(options.paths, (warning) => process.stderr.write(`warning: ${warning}\n`));
  const findings: CliFinding[] = [];
  let fixedCount = 0;

  for (const file of files) {
    const decoded = decodeSource(readFileSync(file));
    if (decoded === undefined) {
      process.stderr.write(`warning: ${file}: not UTF-8 text; skipped\n`);
      continue;
    }
    let text = decoded;
    if (options.fix) {
      const fixed = engine.fixAll(text, settings, options.unsafeFixes, projectRelative(file));
      if (fixed.text !== text) {
        writeFileSync(file, fixed.text);
        fixedCount++;
        text = fixed.text;
      }
    }
    engine.analyseText(text, settings, (analysis) => {
      if (analysis.skipped === 'too-large') process.stderr.write(`warning: ${file}: larger than ${settings.maxFileSizeMb} MB; skipped\n`);
      for (const failure of analysis.ruleErrors) process.stderr.write(`error: ${failure.code} failed on ${file}: ${failure.error}\n`);
      for (const f of analysis.findings) {
        const start = cliPosition(analysis.lines, f.range.start);
        const end = cliPosition(analysis.lines, f.range.end);
        const rule = engine.rule(f.code)!;
        findings.push({
          file,
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: end.column,
          code: f.code,
          slug: rule.meta.slug,
          severity: f.severity,
          message: f.message,
          fixable: offersFix(f),
          fixSafety: f.fix?.safety,
          sourceLine: text.slice(analysis.lines.lineStart(start.line - 1), analysis.lines.lineContentEnd(start.line - 1)),
        });
      }
    }, projectRelative(file));
  }

  if (options.format === 'json') process.stdout.write(`${formatJson(findings)}\n`);
  else process.stdout.write(formatText(findings, { fixedFiles: fixedCount, fixMode: options.fix, color: process.stdout.isTTY === true }));
  return findings.length > 0 && !options.exitZero ? 1 : 0;
}

function explain(args: string[]): number {
  const code = args[0];
  if (!code) throw new UsageError('explain needs a rule code, for example: flask-practices explain FLK101');
  const rule = RULES.find((r) => r.meta.code === code.toUpperCase() || r.meta.slug === code);
  if (!rule) throw new UsageError(`unknown rule ${JSON.stringify(code)}; run "flask-practices rules" for the list`);
  process.stdout.write(renderRuleDocs(rule, 1));
  return 0;
}

function listRules(): number {
  for (const { meta } of RULES) {
    process.stdout.write(`${meta.code}  ${meta.slug.padEnd(26)} ${meta.fixable ? 'fix ' : '    '} ${meta.summary}\n`);
  }
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(rest);
      case 'explain':
        return explain(rest);
      case 'rules':
        return listRules();
      case 'server': {
        // Same bin for other editors, as `ruff server` does: the LSP server over stdio.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const server = require(join(__dirname, 'server.js')) as { runLanguageServer(): void };
        server.runLanguageServer();
        return -1;
      }
      case '--version':
      case '-V':
        process.stdout.write('flask-practices 0.1.0\n');
        return 0;
      case undefined:
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  // A reader that stops early (`check . | head`) is not a crash: drop the rest of the output.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`flask-practices crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

/**
 * A file's path as the engine reads it (test modules, `__main__.py`): relative to the working
 * directory, where a project is checked from, `/`-separated, without leading `../` steps.
 */
function projectRelative(file: string): string {
  return relative(process.cwd(), resolve(file)).split(sep).filter((part) => part !== '..').join('/');
}
