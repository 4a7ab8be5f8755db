import type { ShellWord } from '../../../engine/files';

/** What `flask [options] run [options]` says: the app, where it listens, and what the fix cannot carry over. */
export interface FlaskRun {
  /** `--app` / `-A`. */
  app?: ShellWord;
  host?: ShellWord;
  port?: ShellWord;
  /** The first option the fix has no counterpart for, when there is one. */
  unsupported?: string;
}

/** Options whose only effect is the development server's own (debugger, reloader, threads): gunicorn serves without them. */
const DEVELOPMENT_FLAGS = new Set([
  '--debug',
  '--no-debug',
  '--reload',
  '--no-reload',
  '--debugger',
  '--no-debugger',
  '--with-threads',
  '--without-threads',
]);

/**
 * Reads the arguments after `flask` as Flask's CLI (click) does: group options, then the
 * command. Undefined unless the command is `run`: `flask db upgrade` and `flask routes` serve nothing.
 */
export function flaskRunArguments(words: readonly ShellWord[]): FlaskRun | undefined {
  const run: FlaskRun = {};
  let i = 0;
  for (; i < words.length && words[i]!.word.startsWith('-'); i++) {
    const app = optionValue(words, i, '--app', '-A');
    if (app) {
      run.app = app.value;
      i = app.last;
    } else if (words[i]!.word === '--debug' || words[i]!.word === '--no-debug') {
      continue;
    } else {
      // `--env-file`, `--version` and options from plugins: the command is not read further.
      return undefined;
    }
  }
  if (words[i]?.word !== 'run') return undefined;
  for (i++; i < words.length; i++) {
    const word = words[i]!.word;
    const host = optionValue(words, i, '--host', '-h');
    const port = host ? undefined : optionValue(words, i, '--port', '-p');
    if (host) run.host = host.value;
    if (port) run.port = port.value;
    if (host ?? port) i = (host ?? port)!.last;
    else if (!DEVELOPMENT_FLAGS.has(word)) {
      run.unsupported ??= `\`${word}\``;
    }
  }
  return run;
}

/** `--name value`, `--name=value`, `-s value` or `-svalue` at `i`: the value and the index of the last word read. */
function optionValue(words: readonly ShellWord[], i: number, long: string, short: string): { value: ShellWord; last: number } | undefined {
  const { word, expands } = words[i]!;
  if (word === long || word === short) {
    const value = words[i + 1];
    return value ? { value, last: i + 1 } : undefined;
  }
  if (word.startsWith(`${long}=`)) return { value: { word: word.slice(long.length + 1), expands }, last: i };
  if (word.startsWith(short) && word.length > short.length && !word.startsWith('--')) return { value: { word: word.slice(short.length), expands }, last: i };
  return undefined;
}
