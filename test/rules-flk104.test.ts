/**
 * FLK104 where the project decides: which `services` folder is the service layer depends on
 * modules the index may not have read yet, and on views other modules declare. What the rule asked
 * is recorded, so a workspace file's findings are made again when the answer moves.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { RecordingView, type Engine } from '../server/src/engine';
import { settingsWith, testEngine } from './support/engine';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

let projects = 0;
const EXTENSIONS = 'from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n';
const FORMS = 'from flask_wtf import FlaskForm\n\n\nclass BookingForm(FlaskForm):\n    pass\n';
const BLUEPRINT = 'from flask import Blueprint\n\nbp = Blueprint("services", __name__)\n';

function check(root: string, path: string, text: string): { codes: string[]; answers: ReadonlyMap<string, string | undefined> } {
  return engine.analyseText(text, settingsWith({ select: ['FLK104'] }), (a) => ({ codes: a.findings.map((f) => f.code), answers: a.projectAnswers ?? new Map() }), path, root + path);
}

describe('FLK104 and the project index', () => {
  test('a services folder above the package counts only once the index has read the whole project', () => {
    const root = `/work/flk104-${++projects}/`;
    const path = 'services/billing/billing/extensions.py';
    engine.indexFile(root + path, path, EXTENSIONS);
    engine.indexFile(`${root}services/billing/billing/__init__.py`, 'services/billing/billing/__init__.py', '');
    // A run on named files: services/__init__.py may exist unread, so the name decides, as without an index.
    assert.deepEqual(check(root, path, EXTENSIONS).codes, ['FLK104']);
    engine.markProjectComplete(root + path, path);
    assert.deepEqual(check(root, path, EXTENSIONS).codes, []);
    // services/ becomes a package: it is the service layer again.
    engine.indexFile(`${root}services/__init__.py`, 'services/__init__.py', '');
    assert.deepEqual(check(root, path, EXTENSIONS).codes, ['FLK104']);
  });

  test('a blueprint declared in another module of the package moves the answer the finding was made under', () => {
    const root = `/work/flk104-${++projects}/`;
    const path = 'shop/services/forms.py';
    engine.indexFile(`${root}shop/__init__.py`, 'shop/__init__.py', '');
    engine.indexFile(`${root}shop/services/__init__.py`, 'shop/services/__init__.py', '');
    engine.indexFile(root + path, path, FORMS);
    const before = check(root, path, FORMS);
    assert.deepEqual(before.codes, ['FLK104']);
    const view = () => engine.projects.indexOf({ location: root + path, path })!.viewFrom(path);
    assert.equal(RecordingView.stillHolds(view(), before.answers), true);
    assert.equal(engine.indexFile(`${root}shop/services/__init__.py`, 'shop/services/__init__.py', BLUEPRINT), true);
    assert.equal(RecordingView.stillHolds(view(), before.answers), false, 'a workspace file analysed before is stale');
    assert.deepEqual(check(root, path, FORMS).codes, []);
  });
});
