/**
 * FLK101 and FLK102 beyond the fixtures: each reason the factory rewrite refuses, and the
 * argument handling of the init_app rewrite for extensions that are not installed here.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { fixAvailability, type Engine } from '../server/src/engine';
import { settingsWith, testEngine } from './support/engine';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

function findings(code: string, text: string) {
  return engine.analyseText(text, settingsWith({ select: [code] }), (a) => {
    assert.deepEqual(a.ruleErrors, []);
    return a.findings.map((f) => {
      const availability = f.fix ? fixAvailability(f.fix) : undefined;
      const reason = availability && !availability.ok ? availability.reason : undefined;
      return { line: a.lines.lineOf(f.range.start) + 1, fixable: availability?.ok === true, message: f.message, reason };
    });
  });
}

function fixed(code: string, text: string): string {
  return engine.fixAll(text, settingsWith({ select: [code] }), true).text;
}

const lines = (...source: string[]) => source.join('\n') + '\n';
const HEAD = ['from flask import Flask', '', 'app = Flask(__name__)'];

describe('FLK101 refuses to rewrite', () => {
  const cases: [string, string, string][] = [
    ['an existing create_app', lines('from factory import create_app', ...HEAD), 'already uses the name `create_app`'],
    ['a moved line that reads test_config', lines(...HEAD, 'test_config = {}', 'app.config.update(test_config)'), 'uses the name `test_config`'],
    ['an app assigned again', lines(...HEAD, 'app = Wrapper(app)'), '`app` is assigned again'],
    ['an app named in __all__', lines(...HEAD, '__all__ = ["app"]'), '`__all__` exports `app`'],
    ['app.run() at import time', lines(...HEAD, 'app.run()'), 'runs at import time'],
    [
      'a __main__ block above moved code',
      lines(...HEAD, 'if __name__ == "__main__":', '    app.run()', '@app.route("/")', 'def index():', '    return "x"'),
      'comes before code that moves',
    ],
    ['a one-line __main__ block', lines(...HEAD, 'if __name__ == "__main__": app.debug = True; app.run()'), 'is on one line'],
    [
      'an else branch that uses the app',
      lines(...HEAD, 'if __name__ == "__main__":', '    pass', 'else:', '    application = app'),
      'the `else` branch',
    ],
    ['two statements on one line', lines('from flask import Flask', 'app = Flask(__name__); app.debug = True'), 'share a line'],
    [
      'a helper that shadows current_app',
      lines(...HEAD, 'def helper():', '    current_app = None', '    return app.name, current_app'),
      'no way to import `current_app`',
    ],
    ['an extension with arguments init_app reads differently', lines('from flask_caching import Cache', ...HEAD, 'cache = Cache(app, False)'), 'mean something else'],
    ['a config line that needs a moved name', lines(...HEAD, 'name = app.name', 'app.config["NAME"] = name'), 'defined by a later line'],
    ['a class that reads the app in its body', lines(...HEAD, 'class Settings:', '    name = app.name'), '`Settings` uses the app while the module is imported'],
    ['a default value that reads the app', lines(...HEAD, 'def greet(name=app.name):', '    return name'), '`greet` uses the app'],
    ['an app inside a block', lines('from flask import Flask', 'try:', '    app = Flask(__name__)', 'except Exception:', '    raise'), 'inside a block'],
    ['a file with syntax errors', lines(...HEAD, 'def broken(:', '    pass'), 'syntax errors'],
    ['another name for the app', lines(...HEAD, 'application = app'), '`application` is another name for the app'],
    ['code above the app that uses it', lines('from flask import Flask', 'if False:', '    app.debug = True', 'app = Flask(__name__)'), 'code above the app'],
    [
      'a helper used as a decorator at import time',
      lines(...HEAD, 'def logged(f):', '    app.logger.info("wrap")', '    return f', '@logged', 'def task():', '    pass'),
      '`logged` is called at import time',
    ],
  ];
  for (const [name, text, reason] of cases) {
    test(name, () => {
      const found = findings('FLK101', text).filter((f) => f.message.includes('created at import time'));
      assert.equal(found.length, 1, JSON.stringify(found));
      assert.equal(found[0]!.fixable, false);
      // The reason is decided when the fix is asked for, and kept out of the message.
      assert.ok(found[0]!.reason?.includes(reason), found[0]!.reason);
    });
  }
});

describe('FLK101 rewrites', () => {
  test('a one-line __main__ block that only runs the app', () => {
    const out = fixed('FLK101', lines(...HEAD, 'if __name__ == "__main__": app.run()'));
    assert.ok(out.includes('if __name__ == "__main__": create_app().run()'), out);
  });

  test('helpers through an aliased current_app, leaving their own apps alone', () => {
    const out = fixed(
      'FLK101',
      lines(
        'from flask import Flask, current_app as ca',
        '',
        'app = Flask(__name__)',
        '',
        '',
        'def describe():',
        '    def inner(app):',
        '        return app.name',
        '    return inner(app)',
        '',
        '',
        'def names(apps):',
        '    return [app.name for app in apps]',
      ),
    );
    assert.ok(out.includes('    def inner(app):\n        return app.name\n    return inner(ca)\n'), out);
    assert.ok(out.includes('    return [app.name for app in apps]\n'), out);
    assert.ok(out.includes('def create_app(test_config=None):\n    app = Flask(__name__)\n'), out);
  });

  test('the factory sits after the last moved statement, and what stays keeps its place', () => {
    const out = fixed(
      'FLK101',
      lines(...HEAD, '', '', '@app.route("/")', 'def index():', '    return VERSION', '', '', 'VERSION = "1"'),
    );
    assert.match(out, /\n\n\ndef create_app\(test_config=None\):\n[\s\S]*    return app\n\n\nVERSION = "1"\n$/);
  });
});

describe('FLK102 argument handling', () => {
  const fixOf = (text: string) => fixed('FLK102', text);
  test('Babel keeps only the keywords every version stores', () => {
    const text = lines('from flask_babel import Babel', ...HEAD, 'babel = Babel(app, default_locale="de")', 'babel2 = Babel(app, configure_jinja=False)');
    const found = findings('FLK102', text);
    assert.deepEqual(found.map((f) => [f.line, f.fixable]), [[5, false], [6, true]]);
    assert.ok(fixOf(text).includes('babel2 = Babel(configure_jinja=False)\nbabel2.init_app(app)\n'));
  });

  test('JWTManager moves add_context_processor to init_app', () => {
    const out = fixOf(lines('from flask_jwt_extended import JWTManager', ...HEAD, 'jwt = JWTManager(app, add_context_processor=True)'));
    assert.ok(out.endsWith('jwt = JWTManager()\njwt.init_app(app, add_context_processor=True)\n'), out);
  });

  test('CORS and Migrate keep their keywords; app= is taken out', () => {
    const out = fixOf(
      lines(
        'from flask_cors import CORS',
        'from flask_migrate import Migrate',
        ...HEAD,
        'cors = CORS(app, resources={r"/api/*": {"origins": "*"}})',
        'migrate = Migrate(app=app, db=db, render_as_batch=False)',
      ),
    );
    assert.ok(out.includes('cors = CORS(resources={r"/api/*": {"origins": "*"}})\ncors.init_app(app)\n'), out);
    assert.ok(out.includes('migrate = Migrate(db=db, render_as_batch=False)\nmigrate.init_app(app)\n'), out);
  });

  test('no fix when the statement shares its line', () => {
    const found = findings('FLK102', lines('from flask_sqlalchemy import SQLAlchemy', ...HEAD, 'db = SQLAlchemy(app); db.metadata'));
    assert.equal(found.length, 1);
    assert.equal(found[0]!.fixable, false);
  });

  test('an extension built with current_app at module level is reported too', () => {
    const found = findings('FLK102', lines('from flask import current_app', 'from flask_mail import Mail', 'mail = Mail(current_app)'));
    assert.deepEqual(found.map((f) => f.line), [3]);
  });
});
