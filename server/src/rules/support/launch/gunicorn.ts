import type { ShellWord } from '../../../engine/files';
import { flaskAppTarget, type Found, type ModuleReader, type ScriptServer } from './appTarget';
import type { LaunchCommand } from './commands';
import type { FoundServer } from './devServer';
import { literal } from './words';

/**
 * The guide's production command line: `gunicorn module:app --bind host:port --workers 4 --threads 2`.
 * Four workers as in the guide's Dockerfile; the docs give the rule for a machine (2 × CPUs + 1).
 */
export function gunicornWords(target: string, host: ShellWord, port: ShellWord): ShellWord[] {
  const bind = { word: `${host.word}:${port.word}`, expands: host.expands || port.expands };
  return ['gunicorn', target, '--bind'].map(literal).concat(bind, ['--workers', '4', '--threads', '2'].map(literal));
}

/** Flask's defaults for `flask run` and `app.run()`: the address gunicorn must keep. */
const DEFAULT_HOST = literal('127.0.0.1');
const DEFAULT_PORT = literal('5000');

/**
 * The command's text with gunicorn in place of the development server, or why it cannot be
 * written: an option gunicorn has no counterpart for, an app this file does not name, shell
 * syntax that cannot be written back faithfully.
 */
export function gunicornCommand(found: FoundServer, command: LaunchCommand, read: ModuleReader, script: ScriptServer | undefined): Found<string> {
  const { server } = found;
  if (server.unsupported) return { refused: `gunicorn's command line has no counterpart for ${server.unsupported}` };
  let words: ShellWord[];
  if (server.kind === 'flask') {
    const env = (name: string) => found.env.get(name) ?? command.env.get(name);
    const app = server.app ?? env('FLASK_APP');
    if (!app) return { refused: 'the app is not named here (no `--app`, no FLASK_APP), so which one gunicorn should load is not known' };
    if (app.expands) return { refused: 'the app is named by a variable' };
    const target = flaskAppTarget(app.word, read);
    if (typeof target !== 'string') return target;
    words = gunicornWords(target, server.host ?? env('FLASK_RUN_HOST') ?? DEFAULT_HOST, server.port ?? env('FLASK_RUN_PORT') ?? DEFAULT_PORT);
  } else {
    const plan = script?.plan;
    if (!plan || 'refused' in plan) return plan ?? { refused: 'the script could not be read' };
    words = gunicornWords(plan.target, plan.host ? literal(plan.host) : DEFAULT_HOST, plan.port ? literal(plan.port) : DEFAULT_PORT);
  }
  return found.rewrite(words) ?? { refused: 'the command holds shell syntax (redirections, subshells, command substitution) the fix does not rewrite' };
}
