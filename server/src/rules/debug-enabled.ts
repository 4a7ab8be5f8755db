import type { Rule, RuleContext } from '../engine/rule';
import { isTrueLiteral, keywordArgument } from '../engine/syntax';
import { assignmentConfigWrites, callConfigWrites, type ConfigWrite } from './support/configWrites';
import { isDevServerCall } from './support/devServer';
import { environmentFix } from './support/environmentFix';

const FROM_ENVIRONMENT = 'os.environ.get("FLASK_DEBUG") == "1"';
const FIX_TITLE = 'Read debug mode from FLASK_DEBUG';

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
        'not set `TESTING = True` (pydantic `BaseSettings` classes are skipped: the environment overrides them).',
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
        'import os',
        '',
        'from flask import Flask',
        '',
        'app = Flask(__name__)',
        '',
        'if __name__ == "__main__":',
        '    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")',
      ].join('\n'),
      fixSafety: [
        'The fix is unsafe: it replaces `True` with `os.environ.get("FLASK_DEBUG") == "1"` (adding `import os`),',
        'so debug mode is off unless `FLASK_DEBUG=1` is set. That is the point, but it changes how the app runs',
        'for everyone who relied on the debugger and the reloader being on: set `FLASK_DEBUG=1` in development.',
      ].join('\n'),
    },
  },
  // `debug=True`, `DEBUG`, `.debug`: matched ignoring case.
  anchors: ['debug'],
  visit: {
    call(call, context) {
      if (isDevServerCall(context.model, call)) {
        const debug = keywordArgument(call, 'debug');
        const value = debug?.childForFieldName('value') ?? null;
        if (debug && isTrueLiteral(value)) {
          const callee = call.childForFieldName('function')!.text;
          context.report({ node: debug, messageId: 'runDebug', data: { callee }, fix: environmentFix(context, value!, FROM_ENVIRONMENT, FIX_TITLE) });
        }
      }
      for (const write of callConfigWrites(context.model, call, 'DEBUG')) reportDebugWrite(write, context);
    },
    assignment(assignment, context) {
      for (const write of assignmentConfigWrites(context.model, assignment, 'DEBUG')) reportDebugWrite(write, context);
    },
  },
};

function reportDebugWrite(write: ConfigWrite, context: RuleContext): void {
  if (!isTrueLiteral(write.value) || write.inTestSetup) return;
  const cls = write.configClass;
  if (cls && context.model.isDevelopmentOrTestingConfig(cls)) return;
  const fix = environmentFix(context, write.value, FROM_ENVIRONMENT, FIX_TITLE);
  if (cls) {
    const className = cls.childForFieldName('name')?.text ?? '';
    context.report({ node: write.target, messageId: 'configClassDebug', data: { className }, fix });
  } else {
    context.report({ node: write.target, messageId: 'configDebug', fix });
  }
}
