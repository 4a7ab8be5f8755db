/**
 * The project index: module names, imports resolved across files, and the first rules seeing
 * apps that other modules create (issue 16). Each test uses its own project root: the engine is
 * shared by the whole file.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Engine } from '../server/src/engine';
import { absoluteName, moduleNamesOf } from '../server/src/engine/project/moduleNames';
import { settingsWith, testEngine } from './support/engine';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

let projects = 0;

/** Indexes the files under a new root; returns a function that lists a file's findings as `CODE line`. */
function project(files: Record<string, string>): { root: string; codes(path: string): string[] } {
  const root = `/work/project-${++projects}/`;
  for (const [path, text] of Object.entries(files)) engine.indexFile(root + path, path, text);
  return {
    root,
    codes: (path) =>
      engine.analyseText(files[path]!, settingsWith({}), (analysis) => analysis.findings.map((f) => `${f.code} ${analysis.lines.lineOf(f.range.start) + 1}`), path, root + path),
  };
}

describe('module names', () => {
  test('a file, a package and the src layout', () => {
    assert.deepEqual(moduleNamesOf('app.py'), ['app']);
    assert.deepEqual(moduleNamesOf('app/__init__.py'), ['app']);
    assert.deepEqual(moduleNamesOf('app/views/users.py'), ['app.views.users']);
    assert.deepEqual(moduleNamesOf('src/shop/models.py'), ['src.shop.models', 'shop.models']);
    assert.deepEqual(moduleNamesOf('Dockerfile'), []);
    assert.deepEqual(moduleNamesOf('my-scripts/run.py'), []);
  });

  test('relative imports from a module and from a package', () => {
    assert.equal(absoluteName('.extensions.db', 'app.views', false), 'app.extensions.db');
    assert.equal(absoluteName('.extensions.db', 'app', true), 'app.extensions.db');
    assert.equal(absoluteName('..models.User', 'app.views.users', false), 'app.models.User');
    assert.equal(absoluteName('...x', 'app.views', false), undefined);
    assert.equal(absoluteName('flask.Flask', 'app.views', false), 'flask.Flask');
  });
});

const MAIN = 'from flask import Flask\n\napp = Flask(__name__)\n';

describe('apps from other modules', () => {
  test('an app imported from another module is an app: FLK102, FLK501, FLK502', () => {
    const manage = 'from flask_sqlalchemy import SQLAlchemy\nfrom main import app\n\ndb = SQLAlchemy(app)\napp.run(debug=True)\n';
    const { codes } = project({ 'main.py': MAIN, 'manage.py': manage });
    assert.deepEqual(codes('manage.py'), ['FLK102 4', 'FLK501 5', 'FLK502 5']);
  });

  test('without the index, the same module reports nothing: the import says nothing alone', () => {
    const manage = 'from main import app\n\napp.run(debug=True)\n';
    const found = engine.analyseText(manage, settingsWith({}), (analysis) => analysis.findings.map((f) => f.code), 'manage.py', '/nowhere/manage.py');
    assert.deepEqual(found, []);
  });

  test('an app returned by a factory of the project, under any name, through a package and a relative import', () => {
    const init = 'from .factory import build\n';
    const factory = 'from flask import Flask\n\n\ndef build():\n    app = Flask(__name__)\n    return app\n';
    const run = 'from shop import build\n\napplication = build()\napplication.run()\n';
    const { codes } = project({ 'shop/__init__.py': init, 'shop/factory.py': factory, 'run.py': run });
    assert.deepEqual(codes('run.py'), ['FLK501 4']);
  });

  test('a name that is no app in its module is not one where it is imported', () => {
    const main = 'from flask import Flask\n\napp = Flask(__name__)\napp = 1\n';
    const { codes } = project({ 'main.py': main, 'manage.py': 'from main import app\n\napp.run(debug=True)\n' });
    assert.deepEqual(codes('manage.py'), []);
  });

  test('test modules are not part of the application', () => {
    const { codes } = project({ 'tests/conftest.py': MAIN, 'tests/helpers.py': MAIN, 'run.py': 'from tests.helpers import app\n\napp.run()\n' });
    assert.deepEqual(codes('run.py'), []);
  });
});

describe('the open document follows the project', () => {
  test('re-indexing the module that defines the app changes the findings of the one that imports it', () => {
    const root = `/work/project-${++projects}/`;
    engine.indexFile(`${root}main.py`, 'main.py', MAIN);
    const uri = `${root}manage.py`;
    engine.open(uri, 'from main import app\n\napp.run()\n', 1, 'manage.py');
    try {
      const codes = () => engine.analyse(uri, settingsWith({}))!.findings.map((f) => f.code);
      assert.deepEqual(codes(), ['FLK501']);
      assert.equal(engine.indexFile(`${root}main.py`, 'main.py', 'app = 1\n'), true);
      assert.deepEqual(codes(), []);
      assert.equal(engine.indexFile(`${root}main.py`, 'main.py', MAIN), true);
      assert.deepEqual(codes(), ['FLK501']);
      // The same facts again change nothing.
      assert.equal(engine.indexFile(`${root}main.py`, 'main.py', `${MAIN}\n# a comment\n`), false);
    } finally {
      engine.close(uri);
    }
  });
});

describe('routes across the project', () => {
  test('blueprint endpoints and URL prefixes come from where the blueprint is declared and registered', () => {
    const views = 'from flask import Blueprint\n\nbp = Blueprint("users", __name__, url_prefix="/users")\n\n\n@bp.get("/<int:user_id>")\ndef show(user_id):\n    return {}\n';
    const init = 'from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n    from .views import bp\n    app.register_blueprint(bp, url_prefix="/api/users")\n    return app\n';
    const { root } = project({ 'app/views.py': views, 'app/__init__.py': init });
    const index = engine.projects.indexOf({ location: `${root}app/views.py`, path: 'app/views.py' })!;
    const routes = index.routes().map((r) => `${r.endpoint} ${r.rule}`);
    assert.deepEqual(routes, ['users.show /api/users/<int:user_id>']);
  });
});
