import type { Node } from 'web-tree-sitter';
import { endOfLine, indentUnit, indentLines, multilineStrings, startOfLine } from '../engine/edits';
import { detectEol } from '../engine/positions';
import type { FlaskModel } from '../engine/model';
import type { Fix, Rule } from '../engine/rule';
import { isDevServerCall, runsOnImport } from './support/devServer';

/** The guard fix's title, which the text reading (readPlain) says before the fix is made. */
const GUARD_TITLE = 'Move under `if __name__ == "__main__":`';
/** After the statement, only blanks, a lone `;`, a comment and the line break may follow on its line. */
const REST_OF_LINE_IS_FREE = /^[ \t]*;?[ \t]*(#[^\r\n]*)?(\r\n|\n|\r)?$/;

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
        'when it runs at import time: at module level (module-level `if`, `try`, `with` and loop blocks included)',
        'and outside the body of `if __name__ == "__main__":` (also when `and` adds other conditions). Calls inside',
        'functions and under the guard are left alone, and so is a package\'s `__main__.py`, which runs only under',
        '`python -m`. Only apps this module creates are known: `Flask(...)` under any import alias, `create_app()`.',
      ].join('\n'),
      whyItMatters: [
        '`app.run()` starts Werkzeug\'s development server and blocks until it stops. When the call runs on import,',
        'anything that imports the module to reach `app` (gunicorn or waitress given `module:app`, a test runner,',
        'a shell, another module) starts that server instead of carrying on.',
        '',
        'Production traffic belongs to a WSGI server such as gunicorn or waitress. The development server is a',
        'convenience for one developer: a single process that was not designed to be efficient, stable or secure.',
        'It has no pool of worker processes, does not replace a worker that crashed or hung, and has no request',
        'timeouts or graceful restarts. Keep `app.run()` under the `__main__` guard for local use, and point the',
        'WSGI server at the app (for example a `wsgi.py` with `app = create_app()`).',
      ].join('\n'),
      example: [
        '# wsgi.py',
        'from myapp import create_app',
        '',
        'app = create_app()',
        '',
        'app.run(port=8000)',
      ].join('\n'),
      useInstead: [
        '# wsgi.py: `gunicorn wsgi:app` imports it; `python wsgi.py` starts the development server',
        'from myapp import create_app',
        '',
        'app = create_app()',
        '',
        'if __name__ == "__main__":',
        '    app.run(port=8000)',
      ].join('\n'),
      fixSafety: [
        'The fix is safe. It wraps the statement in `if __name__ == "__main__":`, so `python module.py` still',
        'starts the server and importing the module no longer does. It is not offered when the call shares its line',
        'with other code (`if x: app.run()`, `a(); app.run()`), is part of a larger expression, or sits under an',
        '`if` that already tests `__name__` (the `else` branch of a `__main__` guard, `__name__ != "__main__"`).',
      ].join('\n'),
    },
  },
  // `x.run(...)`: the walk enters only code that says `run`.
  anchors: ['run'],
  visit: {
    call(call, context) {
      // A package's `__main__.py` runs only under `python -m pkg`, never on import.
      if (context.fileName === '__main__.py') return;
      if (!isDevServerCall(context.model, call) || !runsOnImport(context.model, call)) return;
      const callee = call.childForFieldName('function')!.text;
      const fix = guardFix(context.model, context.text, call);
      context.report({ node: call, messageId: 'unguarded', data: { callee }, ...(fix ? { fix } : {}) });
    },
  },
  readPlain(statement, context) {
    // Only a call of `run` starts a server.
    if (statement.kind !== 'method-call' || statement.method !== 'run' || context.fileName === '__main__.py') return [];
    // `socketio.run(app)`, or a name the text cannot place: the tree says.
    if (context.model.isAppNameAt(statement.object, statement.start) !== true) return undefined;
    // A whole top-level statement on a line of its own runs on import, and the guard fits it.
    const { start, end } = statement;
    return [{ range: { start, end }, messageId: 'unguarded', data: { callee: `${statement.object}.run` }, fix: { title: GUARD_TITLE, safety: 'safe' } }];
  },
};

/**
 * True under an `if`/`elif` whose condition reads `__name__` (the `else` of a `__main__` guard,
 * `__name__ != "__main__"`, `or`): a nested guard there could be dead code, so the move needs a person.
 */
function underNameTest(statement: Node): boolean {
  for (let n = statement.parent; n; n = n.parent) {
    if (n.type !== 'if_statement' && n.type !== 'elif_clause') continue;
    const condition = n.childForFieldName('condition');
    if (condition?.descendantsOfType('identifier').some((id) => id.text === '__name__')) return true;
  }
  return false;
}

/** Wraps the call's statement in a `__main__` guard at the statement's own indentation. */
function guardFix(model: FlaskModel, text: string, call: Node): Fix | undefined {
  // A call that is a whole top-level statement is known without asking the tree for parents, which it finds from the root down.
  const topLevel = model.semantic.topLevelStatementOf(call)?.node;
  const isTopLevel = topLevel?.type === 'expression_statement' && topLevel.startIndex === call.startIndex && topLevel.namedChild(0)?.id === call.id;
  const statement = isTopLevel ? topLevel : call.parent;
  if (statement?.type !== 'expression_statement' || statement.namedChildCount !== 1) return undefined;
  if (!isTopLevel && underNameTest(statement)) return undefined;
  const lineStart = startOfLine(text, statement.startIndex);
  const indent = text.slice(lineStart, statement.startIndex);
  const lineEnd = endOfLine(text, statement.endIndex);
  // Another statement or a compound header on the same line would be split apart.
  if (!/^[ \t]*$/.test(indent) || !REST_OF_LINE_IS_FREE.test(text.slice(statement.endIndex, lineEnd))) return undefined;
  const start = statement.startIndex;
  return {
    title: GUARD_TITLE,
    safety: 'safe',
    // Asked while the tree lives (rule.ts): a findings-dense file offers thousands of these.
    edits() {
      const body = indentLines(text, start, lineEnd, indentUnit(text, call.tree.rootNode), multilineStrings(statement));
      return [{ range: { start, end: lineEnd }, newText: `if __name__ == "__main__":${detectEol(text)}${indent}${body}` }];
    },
  };
}
