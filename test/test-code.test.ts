/** Test modules are not application code: no rule reports in them (engine/testCode.ts decides). */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { isTestModule, projectPath, type Engine } from '../server/src/engine';
import { runCli, scratchProjects, type JsonFinding } from './support/cliRunner';
import { settingsWith, testEngine } from './support/engine';

const APP = 'from flask import Flask\n\napp = Flask(__name__)\napp.config["SECRET_KEY"] = "k"\napp.run(debug=True)\n';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

describe('which modules are test code', () => {
  test('test folders, test_*.py, *_test.py, tests.py, *_tests.py and conftest.py', () => {
    const paths = ['tests/app.py', 'pkg/tests/helpers/app.py', 'test/app.py', 'test_app.py', 'pkg/test_views.py', 'views_test.py', 'conftest.py', 'src/conftest.py'];
    // unittest's discovery and the Flask Mega-Tutorial's tests.py; flaskr_tests.py.
    for (const path of [...paths, 'tests.py', 'microblog/tests.py', 'flaskr_tests.py', 'pkg/app_tests.py']) {
      assert.equal(isTestModule(path), true, path);
    }
    for (const path of ['app.py', 'testing.py', 'pkg/contest.py', 'latest_app.py', 'tests_helper.py', 'attest/app.py', 'test_data/app.py', 'testing.py', 'pkg/contests.py', 'mytests.py', undefined]) {
      assert.equal(isTestModule(path), false, String(path));
    }
  });

  test('paths are taken below the project root, so a folder called test above it does not count', () => {
    assert.equal(projectPath('file:///home/me/test/proj/app.py', ['file:///home/me/test/proj']), 'app.py');
    assert.equal(projectPath('file:///home/me/test/proj/tests/app.py', ['file:///home/me/test/proj/']), 'tests/app.py');
    assert.equal(projectPath('file:///w/a/b/c.py', ['file:///w', 'file:///w/a']), 'b/c.py');
    assert.equal(projectPath('file:///elsewhere/test/my%20app.py?x#y', ['file:///w']), 'my app.py');
    assert.equal(isTestModule(projectPath('file:///home/me/test/proj/app.py', ['file:///home/me/test/proj'])), false);
  });

  test('the engine reports nothing in a test module, by path and for open documents', () => {
    const codes = (path?: string) => engine.analyseText(APP, settingsWith({}), (a) => a.findings.map((f) => f.code), path);
    assert.ok(codes('app.py').length >= 3);
    assert.deepEqual(codes('tests/app.py'), []);
    assert.deepEqual(codes('conftest.py'), []);
    assert.equal(engine.fixAll(APP, settingsWith({}), true, 'tests/test_app.py').text, APP);
    engine.open('file:///proj/tests/test_factory.py', APP, 1);
    assert.deepEqual(engine.analyse('file:///proj/tests/test_factory.py', settingsWith({}))?.findings, []);
    engine.close('file:///proj/tests/test_factory.py');
    engine.open('file:///proj/test/app.py', APP, 1, 'app.py');
    assert.ok(engine.analyse('file:///proj/test/app.py', settingsWith({}))!.findings.length >= 3);
    engine.close('file:///proj/test/app.py');
  });
});

describe('the CLI skips test code', () => {
  const { project } = scratchProjects('fp-testcode-');
  test('check . reports the app, not its tests', () => {
    const dir = project({ 'app.py': APP, 'tests/conftest.py': APP, 'tests/test_app.py': APP, 'test_smoke.py': APP, 'tests.py': APP, 'app_tests.py': APP });
    const run = runCli(['check', '.', '--format', 'json'], dir);
    const files = new Set((JSON.parse(run.stdout) as JsonFinding[]).map((f) => f.file));
    assert.deepEqual([...files], ['app.py']);
  });
});
