import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, normaliseSettings, renderRuleDocs, ruleCodeOrPrefix, type Settings } from '../engine';
import { RULES } from '../rules';
import { check, type CheckOptions } from './check';

const USAGE = `Usage:
  flask-practices check [PATHS...] [--format text|json] [--fix] [--unsafe-fixes] [--show-fixes]
                        [--select CODES] [--ignore CODES] [--exit-zero]
  flask-practices explain CODE
  flask-practices rules
  flask-practices server --stdio

Exit codes: 0 no findings, 1 findings, 2 usage error or unreadable path.`;

class UsageError extends Error {}

function parseCheckOptions(args: string[]): CheckOptions {
  const options: CheckOptions = { paths: [], format: 'text', fix: false, unsafeFixes: false, showFixes: false, exitZero: false, select: [], ignore: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    // `--select FLK1,` and `--select=` name no code: the empty items are dropped.
    const codes = () => value().split(',').filter((code) => code.trim() !== '');
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
      case '--show-fixes':
        options.showFixes = true;
        break;
      case '--exit-zero':
        options.exitZero = true;
        break;
      case '--select':
        options.select.push(...codes());
        break;
      case '--ignore':
        options.ignore.push(...codes());
        break;
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
        options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}

/** The settings for --select and --ignore; a code that names no rule is a usage error, as in Ruff. */
function settingsFrom(options: CheckOptions): Settings {
  const known = RULES.map((r) => r.meta.code);
  for (const [flag, codes] of [['--select', options.select], ['--ignore', options.ignore]] as const) {
    const unknown = codes.filter((code) => ruleCodeOrPrefix(code, known) === undefined);
    if (unknown.length > 0) {
      throw new UsageError(`${flag}: ${unknown.map((code) => JSON.stringify(code)).join(', ')} ${unknown.length === 1 ? 'matches' : 'match'} no rule. Known codes (or a prefix of one): ${known.join(', ')}`);
    }
  }
  const { settings } = normaliseSettings({ select: options.select, ignore: options.ignore }, known);
  return { ...settings, maxFileSizeMb: DEFAULT_SETTINGS.maxFileSizeMb };
}

async function runCheck(args: string[]): Promise<number> {
  const options = parseCheckOptions(args);
  for (const path of options.paths) {
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
