import type { Node } from 'web-tree-sitter';
import { endOfLine, indentUnit, indentLines, multilineStrings, startOfLine } from '../engine/edits';
import { detectEol } from '../engine/positions';
import type { Fix, Rule } from '../engine/rule';
import { isDevServerCall, runsOnImport } from './support/devServer';

/** After the statement, only blanks, a comment and the line break may follow on its line. */
const REST_OF_LINE_IS_FREE = /^[ \t]*(#[^\r\n]*)?(\r\n|\n|\r)?$/;

export const appRunUnguarded: Rule = {
  meta: {
    code: 'FLK501',
    slug: 'app-run-unguarded',
    summary: 'The development server starts whenever the module is imported.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      unguarded: '`{callee}()` starts the development server whenever this module is imported; put it under `if __name__ == "__main__":`',
    },
    docs: {
      whatItDoes: [
        'Flags `app.run(...)` (and `socketio.run(app)` on a Flask-SocketIO instance made in the same module)',
        'when it runs at import time: at module level and outside the body of `if __name__ == "__main__":`.',
        'Calls inside functions and under the guard are left alone.',
      ].join('\n'),
      whyItMatters: [
        '`app.run()` starts Werkzeug\'s development server and blocks until it stops. When the call runs on import,',
        'a WSGI server that imports the module to find `app` (`gunicorn module:app`, `waitress-serve`), `flask run`,',
        'a test runner or a shell session starts that server instead of carrying on.',
        '',
        'Production traffic belongs to a WSGI server such as gunicorn or waitress. The development server is one',
        'process made for a single developer: it was not built or audited to face the internet, it does not start',
        'several workers or restart one that crashed or hung, and it has no timeouts, process management or graceful',
        'reloads. Keep `app.run()` as a local convenience under the `__main__` guard and point the WSGI server at',
        'the app (for example a `wsgi.py` with `app = create_app()`).',
      ].join('\n'),
      example: [
        'from flask import Flask',
        '',
        'app = Flask(__name__)',
        '',
        'app.run(port=8000)',
      ].join('\n'),
      useInstead: [
        'from flask import Flask',
        '',
        'app = Flask(__name__)',
        '',
        'if __name__ == "__main__":',
        '    app.run(port=8000)',
      ].join('\n'),
      fixSafety: [
        'The fix is safe. It wraps the statement in `if __name__ == "__main__":`, so `python module.py` still',
        'starts the server and importing the module no longer does. It is not offered when the call shares its line',
        'with other code (`if x: app.run()`, `a(); app.run()`) or is part of a larger expression.',
      ].join('\n'),
    },
  },
  visit: {
    call(call, context) {
      if (!isDevServerCall(context.model, call) || !runsOnImport(context.model, call)) return;
      const callee = call.childForFieldName('function')!.text;
      const fix = guardFix(context.text, call);
      context.report({ node: call, messageId: 'unguarded', data: { callee }, ...(fix ? { fix } : {}) });
    },
  },
};

/** Wraps the call's statement in a `__main__` guard at the statement's own indentation. */
function guardFix(text: string, call: Node): Fix | undefined {
  const statement = call.parent;
  if (statement?.type !== 'expression_statement' || statement.namedChildCount !== 1) return undefined;
  const lineStart = startOfLine(text, statement.startIndex);
  const indent = text.slice(lineStart, statement.startIndex);
  const lineEnd = endOfLine(text, statement.endIndex);
  // Another statement or a compound header on the same line would be split apart.
  if (!/^[ \t]*$/.test(indent) || !REST_OF_LINE_IS_FREE.test(text.slice(statement.endIndex, lineEnd))) return undefined;
  return {
    title: 'Move under `if __name__ == "__main__":`',
    safety: 'safe',
    edits() {
      const eol = detectEol(text);
      const body = indentLines(text, statement.startIndex, lineEnd, indentUnit(text), multilineStrings(statement));
      return [{ range: { start: statement.startIndex, end: lineEnd }, newText: `if __name__ == "__main__":${eol}${indent}${body}` }];
    },
  };
}
