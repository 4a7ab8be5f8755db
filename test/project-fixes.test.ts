/**
 * Fixes that create files (FLK204's `health.py`, FLK304's `errors.py`), on the multi-file
 * fixtures of test/projects/: each case's fixes are applied as `check --fix --unsafe-fixes`
 * applies them (support/projectFix.ts), then the project before and after is served by Flask's
 * test client under Debian's /usr/bin/python3 (support/python.ts): every GET route keeps its status,
 * and the new behaviour is there. Cases whose fix is refused say why, and change nothing.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Engine } from '../server/src/engine';
import { settingsWith, testEngine } from './support/engine';
import { fixProject, readProject } from './support/projectFix';
import { PythonProbe, type Behaviour, type ExercisedResponse } from './support/python';

const PROJECTS = join(__dirname, 'projects');

/** A fixed case: the module the probe imports (its app or `create_app`), and the files the fix must create. */
type Applied = { entry: string; creates: string[] };
/** A refused case: what the hover says. */
type Refused = { refused: RegExp };
/** A case the rule leaves alone: no fix runs, and nothing is created (a second errors.py would replace the handlers there). */
type Untouched = { untouched: true };

const CASES: Record<string, Applied | Refused | Untouched> = {
  'FLK204-missing-health-endpoints/factory': { entry: 'app', creates: ['app/health.py'] },
  'FLK204-missing-health-endpoints/module-app': { entry: 'app', creates: ['health.py'] },
  'FLK204-missing-health-endpoints/namespace': { refused: /`web\/` has no `__init__.py`/ },
  'FLK204-missing-health-endpoints/blueprint-named-health': { refused: /already has a blueprint named `health`/ },
  'FLK204-missing-health-endpoints/health-exists': { refused: /`shop\/health.py` already exists, and a fix never overwrites a file/ },
  'FLK204-missing-health-endpoints/script': { refused: /run as a script/ },
  'FLK304-missing-error-handlers/factory': { entry: 'api', creates: ['api/errors.py'] },
  'FLK304-missing-error-handlers/module-app': { entry: 'service', creates: ['errors.py'] },
  'FLK304-missing-error-handlers/blueprint-handlers': { entry: 'api', creates: ['api/errors.py'] },
  'FLK304-missing-error-handlers/partial': { refused: /already handles 404/ },
  'FLK304-missing-error-handlers/loop-partial': { refused: /already handles 404/ },
  'FLK304-missing-error-handlers/http-status-partial': { refused: /already handles 404/ },
  'FLK304-missing-error-handlers/loop-codes': { untouched: true },
  'FLK304-missing-error-handlers/loop-pairs': { untouched: true },
  'FLK304-missing-error-handlers/http-status': { untouched: true },
  'FLK304-missing-error-handlers/default-exceptions': { untouched: true },
  'FLK304-missing-error-handlers/unread-code': { untouched: true },
  'FLK304-missing-error-handlers/flask-smorest': { untouched: true },
  'FLK304-missing-error-handlers/flask-rebar': { untouched: true },
  'FLK304-missing-error-handlers/script': { refused: /run as a script/ },
  'FLK101-module-level-app/tests-import-handlers': { refused: /`tests\/test_app.py` imports `rev` from this module, but `rev` would be defined inside `create_app`/ },
  'FLK101-module-level-app/worker-imports-celery': { refused: /`tasks.py` imports `celery` from this module/ },
};

let engine: Engine;
let python: PythonProbe;
before(async () => {
  engine = await testEngine();
  python = PythonProbe.start();
});
after(async () => {
  await python?.close();
});

function behaviourOf(result: Behaviour | { ok: false; error: string }): Behaviour {
  assert.ok(result.ok, `the project does not import: ${'error' in result ? result.error : ''}`);
  return result as Behaviour;
}

function statusOf(response: ExercisedResponse | undefined): number | string | undefined {
  return response && ('status' in response ? response.status : response.error);
}

function json(response: ExercisedResponse | undefined): unknown {
  assert.ok(response && 'status' in response, 'a response');
  return JSON.parse(response.body);
}

describe('project fixes', () => {
  for (const [name, expected] of Object.entries(CASES)) {
    const code = name.split('-')[0]!;
    test(name, async () => {
      const project = readProject(join(PROJECTS, name));
      const fixed = fixProject(engine, `/project-fixes/${name}/`, project, code);
      if ('refused' in expected) {
        assert.ok(fixed.refusals.some((reason) => expected.refused.test(reason)), `refusals: ${JSON.stringify(fixed.refusals)}`);
        assert.deepEqual([fixed.created, fixed.edited], [[], []], 'a refused fix changes nothing');
        return;
      }
      if ('untouched' in expected) {
        assert.deepEqual([fixed.refusals, fixed.created, fixed.edited], [[], [], []], 'the rule reports nothing, and no fix runs');
        return;
      }
      assert.deepEqual(fixed.created, expected.creates);
      assert.equal(fixed.edited.length, 1, 'one module registers the new one');
      for (const path of [...fixed.created, ...fixed.edited]) {
        const compiled = await python.compile(fixed.files[path]!, path);
        assert.ok(compiled.ok, `${path} does not compile: ${compiled.error}`);
      }
      const was = behaviourOf(await python.exercise(project, expected.entry));
      const now = behaviourOf(await python.exercise(fixed.files, expected.entry));
      for (const [rule, response] of Object.entries(was.routes)) {
        assert.equal(statusOf(now.routes[rule]), statusOf(response), `${rule} answers another status after the fix`);
      }
      if (code === 'FLK204') {
        assert.deepEqual(json(now.routes['/healthz']), { status: 'ok' });
        assert.equal(statusOf(now.routes['/readyz']), 200);
        assert.equal(was.routes['/healthz'], undefined, 'the project served /healthz before');
      } else {
        assert.equal(statusOf(now.missing), 404);
        assert.deepEqual(json(now.missing), { error: 'Resource not found' }, 'an unknown URL answers JSON');
        assert.throws(() => json(was.missing), SyntaxError, 'an unknown URL answered JSON before the fix');
      }
      // The fixed project is clean: the fix does not come back.
      const again = fixProject(engine, `/project-fixes-again/${name}/`, fixed.files, code);
      assert.deepEqual([again.created, again.edited], [[], []], 'a second pass changes the project again');
    });
  }

  test('a fix that creates files is never applied by fix-all without a host that creates them (fix on save)', async () => {
    const name = 'FLK204-missing-health-endpoints/factory';
    const project = readProject(join(PROJECTS, name));
    const root = `/project-fixes-save/${name}/`;
    for (const [path, text] of Object.entries(project)) engine.indexFile(root + path, path, text);
    const path = 'app/__init__.py';
    const settings = settingsWith({ select: ['FLK204'] });
    const offered = engine.analyseText(project[path]!, settings, (a) => a.findings.map((f) => f.fix?.available?.()), path, root + path);
    assert.deepEqual(offered, [{ ok: true }], 'the quick fix is offered');
    const onSave = engine.fixAll(project[path]!, settings, true, path, root + path);
    assert.deepEqual([onSave.text, onSave.files], [project[path], []]);
  });
});

test('FLK101 rewrites a module whose names that stay at module level other modules import, and they still import', async () => {
  const name = 'FLK101-module-level-app/tests-import-helper';
  const project = readProject(join(PROJECTS, name));
  const fixed = fixProject(engine, `/project-fixes-101/${name}/`, project, 'FLK101');
  assert.deepEqual([fixed.refusals, fixed.edited], [[], ['app.py']]);
  assert.match(fixed.files['app.py']!, /^def create_app\(test_config=None\):/m);
  const was = behaviourOf(await python.exercise(project, 'app'));
  const now = behaviourOf(await python.exercise(fixed.files, 'app'));
  assert.deepEqual(now.routes, was.routes);
  assert.match(fixed.files['app.py']!, /^def slugify\(title\):/m, 'tests/test_slugify.py imports it from the module');
});

test('the FLK304 factory fixture has a failing view: 500 before and after, JSON after', async () => {
  const name = 'FLK304-missing-error-handlers/factory';
  const project = readProject(join(PROJECTS, name));
  const fixed = fixProject(engine, `/project-fixes-500/${name}/`, project, 'FLK304');
  const now = behaviourOf(await python.exercise(fixed.files, 'api'));
  assert.equal(statusOf(now.routes['/users/boom']), 500);
  assert.deepEqual(json(now.routes['/users/boom']), { error: 'Internal server error' });
});

test("FLK105's fix (inside a function) imports current_app instead, and the project serves the same pages", async () => {
  const name = 'FLK105-app-imported-across-modules/tutorial';
  const project = readProject(join(PROJECTS, name));
  const fixed = fixProject(engine, `/project-fixes-105/${name}/`, project, 'FLK105');
  assert.deepEqual([fixed.created, fixed.edited], [[], ['app/models.py']]);
  assert.match(fixed.files['app/models.py']!, /^ {4}from flask import current_app as application\b/m);
  const was = behaviourOf(await python.exercise(project, 'app'));
  const now = behaviourOf(await python.exercise(fixed.files, 'app'));
  assert.ok(Object.keys(was.routes).length > 0, 'the project serves pages');
  for (const [rule, response] of Object.entries(was.routes)) assert.deepEqual(now.routes[rule], response, `${rule} answers otherwise after the fix`);
});
