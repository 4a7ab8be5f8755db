/**
 * FLK203 over a whole project: the count it reports (distinct endpoints, Flask-RESTful resources
 * included), and its one place (the first module, by path, that builds an app).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { Engine } from '../server/src/engine';
import { settingsWith, testEngine } from './support/engine';

const CASE = join(__dirname, 'projects', 'FLK203-too-many-endpoints', 'large');
const ROOT = '/flk203-count/';
const PATHS = ['app/__init__.py', 'app/users.py', 'app/orders.py', 'scripts/admin.py'];
const settings = settingsWith({ select: ['FLK203'] });

let engine: Engine;
before(async () => {
  engine = await testEngine();
  for (const path of PATHS) engine.indexFile(ROOT + path, path, readFileSync(join(CASE, path), 'utf8'));
});

const messages = (path: string, text = readFileSync(join(CASE, path), 'utf8')) =>
  engine.analyseText(text, settings, (analysis) => analysis.findings.map((f) => f.message), path, ROOT + path);

test('ten views (one with two routes) and six resources are sixteen endpoints', () => {
  assert.deepEqual(messages('app/__init__.py').map((m) => m.match(/declares (\d+) endpoints/)?.[1]), ['16']);
});

test('only the first module that builds an app reports; a module ahead of it takes the finding over', () => {
  assert.deepEqual(messages('scripts/admin.py'), []);
  engine.indexFile(`${ROOT}a_first.py`, 'a_first.py', 'from flask import Flask\n\napp = Flask(__name__)\n');
  try {
    assert.deepEqual(messages('app/__init__.py'), []);
    assert.equal(messages('a_first.py', 'from flask import Flask\n\napp = Flask(__name__)\n').length, 1);
  } finally {
    engine.forgetFile(`${ROOT}a_first.py`, 'a_first.py');
  }
});
