/**
 * A config module that an app loads by name (`app.config.from_object("app.default_config")`, the
 * style of Flask's docs): its upper-case names are config (test/projects/*\/config-module-by-name
 * holds the findings). Here: the fixes, run with real Flask, and a change to the loading module
 * reaching the loaded one's findings.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { before, test } from 'node:test';
import type { Engine } from '../server/src/engine';
import { settingsWith, testEngine } from './support/engine';
import { fixProject, readProject } from './support/projectFix';
import { PYTHON } from './support/python';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

const CASE = join(__dirname, 'projects', 'FLK503-hardcoded-secret-key', 'config-module-by-name');

/** Writes `files` to a fresh folder, builds the app there with no SECRET_KEY in the environment, and prints its key. */
function keyOfBuiltApp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flk-config-module-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const env = { ...process.env };
    delete env.SECRET_KEY;
    const run = spawnSync(PYTHON, ['-c', 'from app import create_app; print(repr(create_app().config["SECRET_KEY"]))'], { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 0, run.stderr);
    return run.stdout.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('FLK503\'s fix in a config module loaded by name reads os.environ.get: the app still builds without the variable', () => {
  const project = readProject(CASE);
  const fixed = fixProject(engine, '/config-module-by-name/', project, 'FLK503');
  assert.deepEqual(fixed.edited, ['app/default_config.py']);
  assert.equal(fixed.files['app/default_config.py'], [
    '"""Loaded by name in app/__init__.py: its upper-case names are the app\'s config."""',
    'import os',
    '',
    'DEBUG = False',
    'SECRET_KEY = os.environ.get("SECRET_KEY")  # expect: FLK503',
    '',
  ].join('\n'));
  // Built from the default config alone: its key before the fix, none after (Flask then refuses sessions rather than sign them with a known key).
  const defaultOnly = (files: Record<string, string>) => ({ ...files, 'app/__init__.py': files['app/__init__.py']!.replace(/ {4}app\.config\.from_object\("app\.(testing_config|ci_settings|settings\.ProductionConfig)"\)\n/g, '') });
  assert.equal(keyOfBuiltApp(defaultOnly(project)), "'change-me'");
  assert.equal(keyOfBuiltApp(defaultOnly(fixed.files)), 'None');
});

test('a module that starts or stops loading another by name changes what is config there: in an open document, and for a workspace\'s re-check', () => {
  const root = '/by-name-changes/';
  const loader = (loads: boolean) => `from flask import Flask\n\napp = Flask(__name__)\n${loads ? 'app.config.from_object("settings")\n' : ''}`;
  const settings = settingsWith({ select: ['FLK503'] });
  const uri = `${root}settings.py`;
  // Open, and analysed before the workspace has indexed it.
  engine.open(uri, 'SECRET_KEY = "change-me"\n', 1, 'settings.py');
  const codes = () => engine.analyse(uri, settings)!.findings.map((f) => f.code);
  engine.indexFile(`${root}app.py`, 'app.py', loader(false));
  assert.deepEqual(codes(), []);
  engine.indexFile(`${root}app.py`, 'app.py', loader(true));
  assert.deepEqual(codes(), ['FLK503']);
  engine.indexFile(`${root}app.py`, 'app.py', loader(false));
  assert.deepEqual(codes(), []);
  // Indexed too, as a workspace file: its dependency key moves with the loading module, so it is checked again.
  engine.indexFile(uri, 'settings.py', 'SECRET_KEY = "change-me"\n');
  const index = engine.projects.indexOf({ location: uri, path: 'settings.py' })!;
  const unloaded = index.dependencyKey('settings.py');
  engine.indexFile(`${root}app.py`, 'app.py', loader(true));
  assert.notEqual(index.dependencyKey('settings.py'), unloaded);
  engine.close(uri);
});
