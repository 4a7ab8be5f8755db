import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext } from '../engine/rule';
import { callArguments, hasSplat, isTrueLiteral, keywordArgument } from '../engine/syntax';
import { assignmentConfigWrites, callConfigWrites, inDevelopmentOrTestingConfig, type ConfigWrite } from './support/configWrites';
import { devServerOf } from './support/devServer';
import { endOfLine, startOfLine } from '../engine/edits';
import { environmentFix } from './support/environmentFix';

/** FLASK_DEBUG read as Flask's `get_debug_flag()` reads it: on unless unset, empty, `0`, `false` or `no`. */
const FROM_ENVIRONMENT = 'os.environ.get("FLASK_DEBUG", "").lower() not in ("", "0", "false", "no")';
const FIX_TITLE = 'Read debug mode from FLASK_DEBUG';
const REMOVE_TITLE = 'Remove `debug=True` (Flask reads FLASK_DEBUG)';

export const debugEnabled: Rule = {
  meta: {
    code: 'FLK502',
    slug: 'debug-enabled',
    summary: 'Debug mode is switched on by a literal `True` in the code.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      runDebug: '`{callee}(debug=True)` serves the interactive debugger, a Python console in the browser',
      configDebug: 'Debug mode is switched on with a literal `True`; take it from the environment',
      configClassDebug: '`DEBUG = True` in `{className}`, which is not a development or testing config',
    },
    docs: {
      whatItDoes: [
        'Flags a literal `True` that switches on debug mode: `app.run(debug=True)`, `app.debug = True`,',
        '`app.config["DEBUG"] = True`, `app.config.update(DEBUG=True)` or `from_mapping(...)`, and `DEBUG = True`',
        'in a config class whose name does not say development or testing (dev, test, local, debug) and that does',
        'not set `TESTING = True` (pydantic `BaseSettings` classes are skipped: the environment overrides them), or',
        'at module level in a config module: one that loads itself with `app.config.from_object(__name__)`, or one',
        'that another module of the project loads by name (`app.config.from_object("app.default_config")`), whose',
        'name does not say development or testing and that does not set `TESTING = True`.',
        '`app` is any Flask app: module level, inside `create_app`, `current_app`.',
        'A `debug=True` under `if __name__ == "__main__":` is flagged too, as Ruff\'s S201 does. Test setup',
        '(`def test_...`, pytest fixtures, a mapping that also sets `TESTING=True`) is left alone.',
      ].join('\n'),
      whyItMatters: [
        'When `app.run()` starts the development server in debug mode (from `debug=True` or from `DEBUG` in the',
        'config), it serves the Werkzeug debugger: an unhandled error shows its traceback with source lines and a',
        'Python console in every frame. Only a PIN stands in the way, and whoever gets past it runs code as the',
        'server\'s user. Under any server, debug mode also sends errors past the app\'s own 500 handlers.',
        '',
        'A `True` written in the code ships wherever the code goes, production included. Debug mode belongs to a',
        'developer\'s environment: `FLASK_DEBUG=1` in the shell, never the source.',
      ].join('\n'),
      example: [
        'from flask import Flask',
        '',
        'app = Flask(__name__)',
        '',
        'if __name__ == "__main__":',
        '    app.run(debug=True)',
      ].join('\n'),
      useInstead: [
        'from flask import Flask',
        '',
        '',
        'def create_app():',
        '    app = Flask(__name__)',
        '    return app',
        '',
        '',
        'if __name__ == "__main__":',
        '    # Debug mode comes from the environment: FLASK_DEBUG=1 python app.py',
        '    create_app().run()',
      ].join('\n'),
      fixSafety: [
        'The fix is unsafe: debug mode is off unless `FLASK_DEBUG` switches it on. That is the point, but it',
        'changes how the app runs for everyone who relied on the debugger and the reloader being on: set',
        '`FLASK_DEBUG=1` in development.',
        '',
        'In `app.run(debug=True)` the fix deletes `debug=True`: without it, `app.run()` takes debug mode from',
        '`FLASK_DEBUG` itself. Everywhere else (and in `socketio.run(app, debug=True)`, which only looks at',
        '`app.debug`) it replaces `True` with `os.environ.get("FLASK_DEBUG", "").lower() not in ("", "0", "false",',
        '"no")`, adding `import os`: the same reading of the variable as Flask\'s own. That replacement is not',
        'offered when `os` names something other than the module in this file.',
      ].join('\n'),
    },
  },
  // `debug=True`, `DEBUG`, `.debug`: matched ignoring case.
  anchors: ['debug'],
  visit: {
    call(call, context) {
      const server = devServerOf(context.model, call);
      if (server) {
        const debug = keywordArgument(call, 'debug');
        const value = debug?.childForFieldName('value') ?? null;
        if (debug && isTrueLiteral(value)) {
          const callee = call.childForFieldName('function')!.text;
          const fix = (server === 'app' ? removeDebugArgumentFix(context.text, call, debug) : undefined) ?? environmentFix(context, value!, FROM_ENVIRONMENT, FIX_TITLE);
          context.report({ node: debug, messageId: 'runDebug', data: { callee }, fix });
        }
      }
      for (const write of callConfigWrites(context.model, call, 'DEBUG')) reportDebugWrite(write, context);
    },
    assignment(assignment, context) {
      for (const write of assignmentConfigWrites(context.model, assignment, 'DEBUG')) reportDebugWrite(write, context);
    },
  },
  readPlain(statement, context) {
    // Other methods may write the config (`update`, `from_mapping`): the tree says.
    if (statement.kind === 'method-call' && statement.method !== 'run') return undefined;
    if (statement.kind === 'config-write' && statement.key !== 'DEBUG') return [];
    const app = context.model.isAppNameAt(statement.object, statement.start);
    // `socketio.run(app, debug=True)`, or a name the text cannot place: the tree says.
    if (app !== true) return statement.kind === 'config-write' && app === false ? [] : undefined;
    const fromEnvironment = { title: FIX_TITLE, safety: 'unsafe' } as const;
    if (statement.kind === 'config-write') {
      const { start, end } = statement;
      return statement.value.kind === 'true' ? [{ range: { start, end }, messageId: 'configDebug', fix: fromEnvironment }] : [];
    }
    // The first of repeated keywords counts, as in the tree's reading.
    const debug = statement.keywords.find((keyword) => keyword.name === 'debug');
    if (debug?.value.kind !== 'true') return [];
    // Without splats or comments, only `load_dotenv` keeps the argument from being deleted.
    const loadsDotenv = statement.keywords.some((keyword) => keyword.name === 'load_dotenv');
    const fix = loadsDotenv ? fromEnvironment : ({ title: REMOVE_TITLE, safety: 'unsafe' } as const);
    return [{ range: { start: debug.start, end: debug.end }, messageId: 'runDebug', data: { callee: `${statement.object}.run` }, fix }];
  },
};

function reportDebugWrite(write: ConfigWrite, context: RuleContext): void {
  if (!isTrueLiteral(write.value) || write.inTestSetup) return;
  if (inDevelopmentOrTestingConfig(context.model, write)) return;
  const cls = write.configClass;
  const fix = environmentFix(context, write.value, FROM_ENVIRONMENT, FIX_TITLE);
  if (cls) {
    const className = cls.childForFieldName('name')?.text ?? '';
    context.report({ node: write.target, messageId: 'configClassDebug', data: { className }, fix });
  } else {
    context.report({ node: write.target, messageId: 'configDebug', fix });
  }
}

/**
 * Deletes `debug=True` from `app.run(...)` with its comma: `Flask.run` without `debug` takes debug
 * mode from FLASK_DEBUG itself (`get_debug_flag()`), else from the config, whose default comes from
 * FLASK_DEBUG too. Not for `socketio.run(app, ...)` (it only reads `app.debug`), nor when the call
 * passes `load_dotenv` or `**options` (with `load_dotenv=False`, `run` skips FLASK_DEBUG), nor
 * when the deleted text would take a comment with it: the caller then writes the expression.
 * Multi-line lists lose the argument's whole line; one-line lists lose it with one comma.
 */
function removeDebugArgumentFix(text: string, call: Node, debug: Node): Fix | undefined {
  if (hasSplat(call) || keywordArgument(call, 'load_dotenv')) return undefined;
  const list = call.childForFieldName('arguments')!;
  // Without a `#` in the list there is no comment to keep, so the fix is offered and its range
  // waits until asked for: a findings-dense module reports thousands of these per analysis.
  if (!text.slice(list.startIndex, list.endIndex).includes('#')) {
    return { title: REMOVE_TITLE, safety: 'unsafe', edits: () => [{ range: removedRange(text, call, list, debug), newText: '' }] };
  }
  const lineEnd = endOfLine(text, debug.endIndex);
  const comments = list.descendantsOfType('comment');
  // Its line's comment would end up on the line before.
  if (startsLine(text, debug) && comments.some((c) => c.startIndex > debug.endIndex && c.startIndex < lineEnd)) return undefined;
  const range = removedRange(text, call, list, debug);
  if (comments.some((c) => c.startIndex >= range.start && c.endIndex <= range.end)) return undefined;
  return { title: REMOVE_TITLE, safety: 'unsafe', edits: () => [{ range, newText: '' }] };
}

function startsLine(text: string, debug: Node): boolean {
  return /^[ \t]*$/.test(text.slice(startOfLine(text, debug.startIndex), debug.startIndex));
}

/** The text `debug=True` goes with: its comma, or its whole line in a multi-line list. */
function removedRange(text: string, call: Node, list: Node, debug: Node): { start: number; end: number } {
  const args = callArguments(call);
  const index = args.findIndex((n) => n.id === debug.id);
  const lineStart = startOfLine(text, debug.startIndex);
  const lineEnd = endOfLine(text, debug.endIndex);
  if (args.length === 1) return { start: list.startIndex + 1, end: list.endIndex - 1 }; // everything between the parentheses
  // Alone on its line in a multi-line list (its comma at most): the line goes, the list stays valid.
  if (startsLine(text, debug) && /^[ \t]*,?[ \t]*\r?\n$/.test(text.slice(debug.endIndex, lineEnd))) return { start: lineStart, end: lineEnd };
  if (index > 0) return { start: args[index - 1]!.endIndex, end: debug.endIndex }; // `, debug=True`
  return { start: debug.startIndex, end: args[1]!.startIndex }; // `debug=True, `
}
