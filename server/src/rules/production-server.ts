import type { FileContext, Fix, Rule } from '../engine/rule';
import { scriptServer, type Found, type ModuleReader, type ScriptServer } from './support/launch/appTarget';
import { launchCommands, type LaunchCommand } from './support/launch/commands';
import { isDevelopmentPath } from './support/launch/development';
import { devServers } from './support/launch/devServer';
import { gunicornCommand } from './support/launch/gunicorn';

export const productionServer: Rule = {
  meta: {
    code: 'FLK505',
    slug: 'production-server',
    summary: "A Dockerfile, Procfile, Compose file or start script serves the app with Flask's development server.",
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      flaskRun: "`{command}` serves the app with Flask's development server; serve it with a WSGI server such as gunicorn",
      script: "`{command}` starts Flask's development server (`{script}` calls `app.run()`); serve the app with a WSGI server such as gunicorn",
    },
    docs: {
      whatItDoes: [
        'Flags the command that starts a container or a process when it is Flask\'s development server:',
        '`flask run` (also `python -m flask run`, behind `exec`, `uv run` or `sh -c "..."`), or `python app.py` when',
        'running app.py calls `app.run()`: at module level, under `if __name__ == "__main__":`, or in a function called',
        'by name from there (directly or through other functions). It reads `CMD` and `ENTRYPOINT` in Dockerfiles,',
        '`command` and `entrypoint` in Compose files, Procfile entries and the lines of `*.sh` scripts. Other Flask',
        'commands (`flask db upgrade`, `python manage.py db upgrade`), gunicorn and other servers, and commented-out',
        'lines are left alone, and so is what is named for development or tests: files (`Dockerfile.dev`,',
        '`docker-compose.override.yml`, `devserver.sh`, `.devcontainer/`), Dockerfile build stages (`FROM base AS dev`),',
        'Compose services (one called `dev` or `web-test`, one built with `target: development`, one whose `profiles` are',
        'all such names, as `profiles: [dev]`). A name counts when one of its words is `dev`, `develop`, `development`,',
        '`debug`, `test`, `tests`, `testing` or `local`, alone or run together with a word such as `server`, `web` or',
        '`app` (`devserver`, `webdev`); `devops` and `device` do not. So is a script that also',
        'starts a production server (waitress\'s `serve`, a gunicorn application class, `bjoern.run`, meinheld, cheroot,',
        'gevent\'s or eventlet\'s WSGI server, uvicorn...): its `app.run()` is taken for a development branch, as in',
        '`if "--dev" in sys.argv:`. An `app.run()` reached only through a method, a callback or a click command is not',
        'followed.',
      ].join('\n'),
      whyItMatters: [
        'Flask\'s development server is Werkzeug\'s: one process, meant for one developer at a time. It has no',
        'pool of workers, does not restart a worker that crashed or hung, and has neither request timeouts nor',
        'graceful restarts; Flask itself warns not to use it in production. In a container or on a platform such as',
        'Heroku, the command that starts the process is where production traffic meets the app, so that is where a',
        'WSGI server such as gunicorn belongs.',
        '',
        'Flask is synchronous: gunicorn scales it with worker processes and threads. A common starting point is',
        '`2 × CPU cores + 1` workers, with 2 to 4 threads each for I/O-bound work; size it for the machine the',
        'container runs on.',
      ].join('\n'),
      exampleFile: 'Dockerfile',
      example: [
        'FROM python:3.12-slim',
        'WORKDIR /app',
        'COPY . .',
        'RUN pip install --no-cache-dir -r requirements.txt',
        'ENV FLASK_APP=wsgi:app',
        'EXPOSE 8000',
        'CMD ["flask", "run", "--host", "0.0.0.0", "--port", "8000"]',
      ].join('\n'),
      useInstead: [
        'FROM python:3.12-slim',
        'WORKDIR /app',
        'COPY . .',
        'RUN pip install --no-cache-dir -r requirements.txt gunicorn',
        'EXPOSE 8000',
        'CMD ["gunicorn", "wsgi:app", "--bind", "0.0.0.0:8000", "--workers", "4", "--threads", "2"]',
      ].join('\n'),
      fixSafety: [
        'The fix is unsafe: gunicorn must be installed in the image or environment (add it to your requirements), and',
        'the server changes. It writes `gunicorn module:app --bind host:port --workers 4 --threads 2` in the command\'s',
        'own form (the exec form stays JSON, a shell line stays a shell line, a Compose list stays a list), keeping the',
        'address Flask would have used (`--host`/`--port`, FLASK_RUN_HOST/FLASK_RUN_PORT, or `app.run(host=, port=)`;',
        'otherwise 127.0.0.1:5000). The app comes from `--app` or FLASK_APP set in the same file, looked up in the',
        'module as Flask does (`app`, `application`, or a `create_app()` factory); for `python app.py`, the app that',
        '`app.run()` is called on. The development server\'s own options (`--debug`, `--reload`, `--debugger`,',
        '`--with-threads`) are dropped: gunicorn has no debugger or reloader in production. The fix is not offered',
        'when the command has an option it has no counterpart for (`--cert`, `--extra-files`, arguments to a script),',
        'when the app is not named in the file or is named by a variable, when the script computes its address, and',
        'when the line holds shell syntax it cannot write back faithfully. Adjust `--workers` to the machine.',
      ].join('\n'),
    },
  },
  fileKinds: ['dockerfile', 'procfile', 'compose', 'shell'],
  checkFile(context) {
    if (isDevelopmentPath(context.path)) return;
    const read: ModuleReader = (module, use) => {
      const path = module.split('.').join('/');
      return context.pythonModule(`${path}.py`, use) ?? context.pythonModule(`${path}/__init__.py`, use);
    };
    for (const command of launchCommands(context.file, context.text, context.lines)) {
      for (const found of devServers(command)) {
        const { server } = found;
        const script = server.kind === 'script' ? readScript(context, server.script, command.workdir) : undefined;
        if (server.kind === 'script' && !script?.runsDevServer) continue;
        const fix = gunicornFix(command, gunicornCommand(found, command, read, script));
        const data = { command: found.label, ...(server.kind === 'script' ? { script: server.script } : {}) };
        context.report({ range: command.range, messageId: server.kind === 'flask' ? 'flaskRun' : 'script', data, fix });
      }
    }
  },
};

/**
 * What `python <script>` does, read from the script: a path relative to the file's folder, or
 * an absolute one inside the Dockerfile's WORKDIR. Undefined when it cannot be read.
 */
function readScript(context: FileContext, script: string, workdir: string | undefined): ScriptServer | undefined {
  let path = script.replace(/^(\.\/)+/, '');
  if (path.startsWith('/')) {
    if (!workdir || !path.startsWith(`${workdir.replace(/\/+$/, '')}/`)) return undefined;
    path = path.slice(workdir.replace(/\/+$/, '').length + 1);
  }
  const module = path.slice(0, -'.py'.length);
  return context.pythonModule(path, (model) => {
    const found = scriptServer(model, module);
    // gunicorn imports a module by name: a script in another folder would need `--chdir` as well.
    if (found.runsDevServer && module.includes('/')) return { ...found, plan: { refused: `\`${script}\` is not in the folder the command runs in` } };
    return found;
  });
}

function gunicornFix(command: LaunchCommand, rewritten: Found<string>): Fix {
  const title = 'Serve with gunicorn (gunicorn must be installed)';
  if (typeof rewritten !== 'string') return { title, safety: 'unsafe', available: () => ({ ok: false, reason: rewritten.refused }), edits: () => [] };
  return { title, safety: 'unsafe', edits: () => [{ range: command.range, newText: rewritten }] };
}
