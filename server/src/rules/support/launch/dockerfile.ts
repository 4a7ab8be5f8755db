import type { Dockerfile, From, ImageTemplate, Instruction } from 'dockerfile-ast';
import { execFormWords, shellTokens, trailingCommentStart, isWord, type ShellToken, type ShellWord } from '../../../engine/files';
import type { LineIndex } from '../../../engine/positions';
import type { LaunchCommand } from './commands';
import { isDevelopmentName } from './development';
import { jsonArray, literal, shellLine } from './words';

/**
 * A Dockerfile's CMD and ENTRYPOINT instructions, except in build stages named for development
 * or tests (`FROM base AS dev`), which are built on purpose with `--target`. The exec form (a JSON array) runs its words as
 * they are and is written back as JSON; the shell form goes to `/bin/sh -c` and is written back
 * as one shell line, its trailing comment left in place.
 */
export function dockerfileCommands(dockerfile: Dockerfile, text: string, lines: LineIndex): LaunchCommand[] {
  const instructions = [...dockerfile.getCMDs(), ...dockerfile.getENTRYPOINTs()];
  instructions.sort((a, b) => a.getRange().start.line - b.getRange().start.line);
  const commands: LaunchCommand[] = [];
  for (const instruction of instructions) {
    const args = instruction.getArgumentsRange();
    const content = instruction.getArgumentsContent();
    if (!args || content === null) continue;
    const start = lines.offsetAt(args.start);
    let end = lines.offsetAt(args.end);
    const line = args.start.line;
    const stage = stageAbove(dockerfile, line)?.getBuildStage();
    if (stage && isDevelopmentName(stage)) continue;
    const image = dockerfile.getContainingImage(args.start) ?? dockerfile;
    const context = { env: environment(dockerfile, line), ...workdirOf(image, line) };
    const exec = execFormWords(instruction);
    if (exec) {
      const write = (tokens: readonly ShellToken[]) => (tokens.every(isWord) ? jsonArray(tokens.map((t) => t.word)) : undefined);
      commands.push({ range: { start, end }, tokens: exec.map(literal), write, ...context });
      continue;
    }
    const tokens = shellTokens(content);
    const comment = trailingCommentStart(content, tokens);
    // The comment ends the last line, which the joined content ends with unchanged.
    if (comment !== undefined) end -= content.length - comment;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    commands.push({ range: { start, end }, tokens, write: (next) => shellLine(next, content), ...context });
  }
  return commands;
}

/**
 * The variables ENV sets above `line` in its build stage, and in the stages it is built `FROM`
 * (`FROM base` after `FROM python AS base`), with Docker's escapes removed.
 */
function environment(dockerfile: Dockerfile, line: number): Map<string, ShellWord> {
  const froms = dockerfile.getFROMs();
  const startOf = (from: From) => from.getRange().start.line;
  const env = new Map<string, ShellWord>();
  const collect = (from: From | undefined, end: number) => {
    if (!from) return;
    const image = from.getImage()?.toLowerCase();
    const parent = froms.find((earlier) => startOf(earlier) < startOf(from) && earlier.getBuildStage()?.toLowerCase() === image);
    // A stage ends where the next one begins.
    if (parent) collect(parent, froms.map(startOf).find((start) => start > startOf(parent)) ?? end);
    for (const instruction of dockerfile.getENVs()) {
      const at = instruction.getRange().start.line;
      if (at <= startOf(from) || at >= end) continue;
      for (const property of instruction.getProperties()) {
        const value = property.getUnescapedValue();
        // A value built from other variables is not known here.
        if (value !== null && !value.includes('$')) env.set(property.getName(), literal(value));
      }
    }
  };
  collect(stageAbove(dockerfile, line), line);
  return env;
}

/** The FROM that starts the build stage `line` is in. */
function stageAbove(dockerfile: Dockerfile, line: number): From | undefined {
  return dockerfile.getFROMs().filter((from) => from.getRange().start.line < line).pop();
}

/** The last WORKDIR of the stage above `line`, when it is an absolute path without variables. */
function workdirOf(image: ImageTemplate, line: number): { workdir?: string } {
  const workdirs = image.getInstructions().filter((i: Instruction) => i.getKeyword() === 'WORKDIR' && i.getRange().start.line < line);
  const path = workdirs[workdirs.length - 1]?.getArgumentsContent()?.trim();
  return path && path.startsWith('/') && !path.includes('$') ? { workdir: path } : {};
}
