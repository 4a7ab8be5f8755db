import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import packageJson from '../../../package.json';
import { DEFAULT_SETTINGS, normaliseSettings, renderRuleDocs, ruleCodeOrPrefix, type Settings } from '../engine';
import { RULES } from '../rules';
import { check, type CheckOptions, type OutputFormat } from './check';

const VERSION = packageJson.version;

const USAGE = `Usage:
  flask-practices check [PATHS...] [options]
      --format text|json|sarif|github   output format (default: text)
      --fix                             apply safe fixes in place
      --unsafe-fixes                    with --fix or --diff: unsafe fixes too
      --show-fixes                      each finding's fix, or why it has none
      --diff                            print the fixes as a unified diff; write nothing
      --statistics                      count findings per rule
      --select CODES --ignore CODES --extend-select CODES
                                        choose rules by code or prefix (over pyproject.toml)
      --config PATH                     use this pyproject.toml for every file
      --force-exclude                   apply exclude to files named on the command line too
      --exit-zero                       exit 0 even with findings
      --quiet, -q                       findings only: no summary, no warnings
      --workers N                       worker threads (default: one per core but one)
  flask-practices explain CODE
  flask-practices rules
  flask-practices server --stdio

Exit codes: 0 no findings, 1 findings, 2 usage error or unreadable path.`;

class UsageError extends Error {}

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'github'];

const CHECK_OPTIONS = {
  format: { type: 'string' },
  fix: { type: 'boolean' },
  'unsafe-fixes': { type: 'boolean' },
  'show-fixes': { type: 'boolean' },
  diff: { type: 'boolean' },
  statistics: { type: 'boolean' },
  'exit-zero': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'force-exclude': { type: 'boolean' },
  select: { type: 'string', multiple: true },
  ignore: { type: 'string', multiple: true },
  'extend-select': { type: 'string', multiple: true },
  config: { type: 'string' },
  workers: { type: 'string' },
} as const;

function parseCheckOptions(args: string[]): CheckOptions {
  let parsed;
  try {
    parsed = parseArgs({ args, options: CHECK_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(argumentProblem(error));
  }
  const { values, positionals } = parsed;
  const format = values.format ?? 'text';
  if (!FORMATS.includes(format as OutputFormat)) throw new UsageError(`unknown format ${JSON.stringify(format)}; use ${FORMATS.join(', ')}`);
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new UsageError(`--workers needs a whole number ≥ 1, not ${JSON.stringify(values.workers)}`);
  // `--select FLK1,` and `--select=` name no code: the empty items are dropped.
  const codes = (lists: string[] | undefined) => (lists ?? []).flatMap((list) => list.split(',')).filter((code) => code.trim() !== '');
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    format: format as OutputFormat,
    fix: values.fix ?? false,
    unsafeFixes: values['unsafe-fixes'] ?? false,
    showFixes: values['show-fixes'] ?? false,
    diff: values.diff ?? false,
    statistics: values.statistics ?? false,
    exitZero: values['exit-zero'] ?? false,
    quiet: values.quiet ?? false,
    forceExclude: values['force-exclude'] ?? false,
    select: codes(values.select),
    ignore: codes(values.ignore),
    extendSelect: codes(values['extend-select']),
    config: values.config,
    workers,
    version: VERSION,
  };
}

/** parseArgs's errors, said as the rest of the CLI says them. */
function argumentProblem(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return `${option.split(' ')[0]} needs a value`;
  return message;
}

/** The command line's layer of settings; a code that names no rule is a usage error, as in Ruff. */
function settingsFrom(options: CheckOptions): Settings {
  const known = RULES.map((r) => r.meta.code);
  for (const [flag, codes] of [['--select', options.select], ['--ignore', options.ignore], ['--extend-select', options.extendSelect]] as const) {
    const unknown = codes.filter((code) => ruleCodeOrPrefix(code, known) === undefined);
    if (unknown.length > 0) {
      throw new UsageError(`${flag}: ${unknown.map((code) => JSON.stringify(code)).join(', ')} ${unknown.length === 1 ? 'matches' : 'match'} no rule. Known codes (or a prefix of one): ${known.join(', ')}`);
    }
  }
  const { settings } = normaliseSettings({ select: options.select, ignore: options.ignore }, known);
  const extendSelect = options.extendSelect.map((code) => ruleCodeOrPrefix(code, known)!);
  return { ...settings, extendSelect, maxFileSizeMb: DEFAULT_SETTINGS.maxFileSizeMb };
}

async function runCheck(args: string[]): Promise<number> {
  const options = parseCheckOptions(args);
  for (const path of [...options.paths, ...(options.config === undefined ? [] : [options.config])]) {
    try {
      statSync(path);
    } catch {
      throw new UsageError(`${path}: no such file or directory`);
    }
  }
  return check(options, settingsFrom(options));
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
        if (rest.includes('--help') || rest.includes('-h')) {
          process.stdout.write(`${USAGE}\n`);
          return 0;
        }
        return await runCheck(rest);
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
        process.stdout.write(`flask-practices ${VERSION}\n`);
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
