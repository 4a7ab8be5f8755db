import { isWord, type CommandLine, type ShellWord } from '../../../engine/files';
import type { LaunchCommand } from './commands';
import { shellLine } from './words';

/**
 * A Procfile's entries and a shell script's lines. In a script, assignments on lines of their
 * own (`export FLASK_APP=app`, `PORT=8000`) are the environment of the lines below them.
 */
export function scriptCommands(lines: readonly CommandLine[], kind: 'procfile' | 'shell'): LaunchCommand[] {
  const commands: LaunchCommand[] = [];
  const env = new Map<string, ShellWord>();
  for (const line of lines) {
    const assigned = kind === 'shell' ? assignments(line) : undefined;
    if (assigned) {
      for (const [name, value] of assigned) env.set(name, value);
      continue;
    }
    commands.push({ range: line.range, tokens: line.tokens, write: (tokens) => shellLine(tokens, line.text), env: new Map(env) });
  }
  return commands;
}

/** `A=1 B=2` or `export A=1`: the variables a line sets, or undefined for a line that runs something. */
function assignments(line: CommandLine): Map<string, ShellWord> | undefined {
  const words = line.tokens.filter((token) => !('comment' in token));
  if (!words.every(isWord)) return undefined;
  const rest = words[0]?.word === 'export' ? words.slice(1) : words;
  if (rest.length === 0) return undefined;
  const assigned = new Map<string, ShellWord>();
  for (const word of rest) {
    const split = assignment(word);
    if (!split) return undefined;
    assigned.set(split.name, split.value);
  }
  return assigned;
}

/** `NAME=value` as a variable and its value. */
export function assignment(word: ShellWord): { name: string; value: ShellWord } | undefined {
  const eq = word.word.indexOf('=');
  const name = word.word.slice(0, eq);
  if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
  const value = word.word.slice(eq + 1);
  return { name, value: { word: value, expands: word.expands && value.includes('${') } };
}
