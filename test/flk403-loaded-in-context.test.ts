/**
 * FLK403 and modules loaded inside another module's `with app.app_context():`: findings kept in an
 * open document follow the importing modules as they change, and a workspace file's dependency key moves with them.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Engine } from '../server/src/engine';
import { settingsWith, testEngine } from './support/engine';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

test('a module read at import time follows a factory that starts or stops importing its importer inside an app context', () => {
  const root = '/loaded-in-context/';
  const factory = (inContext: boolean) =>
    `from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n${inContext ? '    with app.app_context():\n        import views\n' : '    import views\n'}    return app\n`;
  const settings = settingsWith({ select: ['FLK403'] });
  const uri = `${root}helpers.py`;
  const text = 'from flask import current_app, request\n\nDEBUG = current_app.debug\nARGS = request.args\n';
  engine.open(uri, text, 1, 'helpers.py');
  const lines = () => engine.analyse(uri, settings)!.findings.map((f) => f.range.start);
  engine.indexFile(`${root}views.py`, 'views.py', 'import helpers\n');
  engine.indexFile(`${root}app.py`, 'app.py', factory(false));
  const both = lines();
  assert.equal(both.length, 2);
  engine.indexFile(`${root}app.py`, 'app.py', factory(true));
  assert.deepEqual(lines(), [text.indexOf('request.args')], 'request is still flagged in an app context');
  engine.indexFile(`${root}app.py`, 'app.py', factory(false));
  assert.deepEqual(lines(), both);
  // As a workspace file: its dependency key moves with the factory, so it is checked again.
  engine.indexFile(uri, 'helpers.py', text);
  const index = engine.projects.indexOf({ location: uri, path: 'helpers.py' })!;
  const outside = index.dependencyKey('helpers.py');
  engine.indexFile(`${root}app.py`, 'app.py', factory(true));
  assert.notEqual(index.dependencyKey('helpers.py'), outside);
  engine.close(uri);
});
