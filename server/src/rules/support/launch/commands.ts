import type { ParsedFile, ShellToken, ShellWord } from '../../../engine/files';
import type { LineIndex, OffsetRange } from '../../../engine/positions';
import { composeCommands } from './compose';
import { dockerfileCommands } from './dockerfile';
import { scriptCommands } from './scripts';

/**
 * A command that starts a container or a process: a Dockerfile's CMD or ENTRYPOINT, a Compose
 * service's `command` or `entrypoint`, a Procfile entry, a line of a shell script.
 */
export interface LaunchCommand {
  /** Its text in the file: what a finding underlines and a fix replaces. */
  range: OffsetRange;
  /** Its words (and, where a shell reads it, operators), as shellWords.ts reads them. */
  tokens: ShellToken[];
  /** The command's text with `tokens` in its own syntax; undefined when it cannot be written back faithfully. */
  write(tokens: readonly ShellToken[]): string | undefined;
  /** Variables the file sets for it (a Dockerfile's ENV, a service's `environment`, `export` lines above). */
  env: ReadonlyMap<string, ShellWord>;
  /** The working directory it runs in, when the file says (a Dockerfile's WORKDIR). */
  workdir?: string;
}

export function launchCommands(file: ParsedFile, text: string, lines: LineIndex): LaunchCommand[] {
  switch (file.kind) {
    case 'dockerfile':
      return dockerfileCommands(file.dockerfile, text, lines);
    case 'compose':
      return composeCommands(file.document, text, lines);
    case 'procfile':
    case 'shell':
      return scriptCommands(file.commands, file.kind);
  }
}
