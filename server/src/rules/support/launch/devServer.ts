import { isWord, shellTokens, type ShellToken, type ShellWord } from '../../../engine/files';
import type { LaunchCommand } from './commands';
import { flaskRunArguments, type FlaskRun } from './flaskCli';
import { assignment } from './scripts';
import { shellLine } from './words';

/**
 * A command that starts Flask's development server: `flask run` (also as `python -m flask run`),
 * or `python script.py`, which does when the script calls `app.run()` (the rule reads it to know).
 */
export type DevServer = (FlaskRun & { kind: 'flask' }) | ScriptRun;

export interface ScriptRun {
  kind: 'script';
  script: string;
  /** Why the fix cannot carry the command over (arguments to the script), when it cannot. */
  unsupported?: string;
}

export interface FoundServer {
  server: DevServer;
  /** How the message names it: `flask run`, `python app.py`. */
  label: string;
  /** Variables set on the command itself (`FLASK_APP=app flask run`). */
  env: Map<string, ShellWord>;
  /** The command's text with `words` in place of the server's program and arguments. */
  rewrite(words: ShellWord[]): string | undefined;
}

/** Words a shell command may start with before the program it runs. */
const PREFIX_WORDS = new Set(['exec', 'then', 'do', 'else', '!']);
/** Tools that run a program in a project's environment: `uv run flask run`. */
const RUNNERS = new Set(['uv', 'poetry', 'pipenv', 'pdm', 'hatch', 'rye']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh']);
const PYTHON = /^python(\d+(\.\d+)?)?$/;

type Rewrite = (start: number, end: number, words: ShellWord[]) => string | undefined;

/** The development servers a command starts, one per `&&`/`;`-separated part, inside `sh -c '...'` too. */
export function devServers(command: LaunchCommand): FoundServer[] {
  return findIn(command.tokens, (start, end, words) => command.write([...command.tokens.slice(0, start), ...words, ...command.tokens.slice(end)]));
}

function findIn(tokens: readonly ShellToken[], rewrite: Rewrite): FoundServer[] {
  const found: FoundServer[] = [];
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    const token = tokens[i];
    if (isWord(token)) continue;
    const from = start;
    if (i > from) found.push(...inPart(tokens.slice(from, i) as ShellWord[], (s, e, words) => rewrite(from + s, from + e, words)));
    start = i + 1;
  }
  return found;
}

/** A development server in one simple command (words only). */
function inPart(words: ShellWord[], rewrite: Rewrite): FoundServer[] {
  const env = new Map<string, ShellWord>();
  let i = 0;
  for (;;) {
    const word = words[i]?.word ?? '';
    const assigned = assignment(words[i] ?? { word: '', expands: false });
    if (PREFIX_WORDS.has(word)) i++;
    else if (assigned) {
      env.set(assigned.name, assigned.value);
      i++;
    } else if (RUNNERS.has(baseName(word)) && words[i + 1]?.word === 'run') {
      i += 2;
      while (words[i]?.word.startsWith('-')) i++;
    } else break;
  }
  const program = baseName(words[i]?.word ?? '');
  const rest = (from: number) => words.slice(from).map((w) => w.word);
  const found = (server: DevServer, label: string): FoundServer[] => [{ server, label, env, rewrite: (replacement) => rewrite(i, words.length, replacement) }];

  if (SHELLS.has(program) && words[i + 1]?.word === '-c' && words[i + 2]) return inShellScript(words[i + 2]!, (words, script) => rewrite(i + 2, i + 3, [{ word: script, expands: words.expands }]));
  if (program === 'flask') {
    const run = flaskRunArguments(words.slice(i + 1));
    return run ? found({ kind: 'flask', ...run }, 'flask run') : [];
  }
  if (!PYTHON.test(program)) return [];
  let j = i + 1;
  // `-u` (unbuffered output) is the one interpreter option taken: gunicorn has no use for it.
  while (words[j]?.word === '-u') j++;
  if (words[j]?.word === '-m' && words[j + 1]?.word === 'flask') {
    const run = flaskRunArguments(words.slice(j + 2));
    return run ? found({ kind: 'flask', ...run }, `${program} -m flask run`) : [];
  }
  const script = words[j];
  if (!script || script.expands || !script.word.endsWith('.py')) return [];
  const extra = words.length > j + 1 ? { unsupported: `the script's arguments (\`${rest(j + 1).join(' ')}\`)` } : {};
  return found({ kind: 'script', script: script.word, ...extra }, `${program} ${script.word}`);
}

/** `sh -c 'script'`: the servers the script starts, rewritten inside the script's word. */
function inShellScript(word: ShellWord, rewriteWord: (word: ShellWord, script: string) => string | undefined): FoundServer[] {
  const tokens = shellTokens(word.word);
  return findIn(tokens, (start, end, words) => {
    const script = shellLine([...tokens.slice(0, start), ...words, ...tokens.slice(end)], word.word);
    return script === undefined ? undefined : rewriteWord(word, script);
  });
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
