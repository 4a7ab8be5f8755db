/**
 * `[tool.flask-practices]` in pyproject.toml, the engine's pure part: parsing and checking each
 * key (problems name the file, the line and the key), glob matching, and how the layers combine
 * (defaults, pyproject.toml, editor settings, by `configurationPreference`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_SETTINGS,
  DEFAULT_TEST_PATHS,
  defaultSettings,
  formatConfigProblem,
  isExcludedPath,
  isTestModule,
  parseProjectConfig,
  resolveSettings,
  settingsForPath,
  type ProjectConfig,
  type Settings,
} from '../server/src/engine';
import { RULES } from '../server/src/rules';
import { testEngine } from './support/engine';

const CODES = RULES.map((r) => r.meta.code);
const parse = (text: string) => parseProjectConfig(text, 'pyproject.toml', CODES);
const editor = (overrides: Partial<Settings> = {}): Settings => ({ ...defaultSettings(), ...overrides });

describe('parsing [tool.flask-practices]', () => {
  test('every key, as Settings names it', () => {
    const { config, problems } = parse(`[project]
name = "x"

[tool.flask-practices]
select = ["flk1", "FLK501"]
ignore = ["FLK502"]
extend-select = ["FLK503"]
severity = { FLK101 = "error", flk501 = "off" }
exclude = ["migrations", "app/legacy/*.py"]
services-packages = ["domain"]
max-routes-per-module = 4
test-paths = ["checks"]

[tool.flask-practices.per-file-ignores]
"__init__.py" = ["FLK101"]
`);
    assert.deepEqual(problems, []);
    assert.deepEqual(config, {
      select: ['FLK1', 'FLK501'],
      ignore: ['FLK502'],
      extendSelect: ['FLK503'],
      severity: { FLK101: 'error', FLK501: 'off' },
      exclude: ['migrations', 'app/legacy/*.py'],
      servicesPackages: ['domain'],
      maxRoutesPerModule: 4,
      testPaths: ['checks'],
      perFileIgnores: { '__init__.py': ['FLK101'] },
    } satisfies ProjectConfig);
  });

  test('a file without the table configures nothing, and says nothing', () => {
    assert.deepEqual(parse('[project]\nname = "x"\n[tool.ruff]\nselect = ["E"]\n'), { config: undefined, problems: [] });
  });

  test('a bad value names the file, its line and its key; the other keys still apply', () => {
    const { config, problems } = parse(`[tool.flask-practices]
ignore = ["FLK502"]
select = "FLK1"
max-routes-per-module = 0
severity = { FLK501 = "loud" }
colour = true
exclude = [1]
per-file-ignores = { "a.py" = ["NOPE1"] }
`);
    assert.deepEqual(config, { ignore: ['FLK502'], severity: {}, perFileIgnores: { 'a.py': [] } });
    assert.deepEqual(
      problems.map((p) => [p.line, p.key]),
      [
        [3, 'select'],
        [4, 'max-routes-per-module'],
        [5, 'severity'],
        [6, 'colour'],
        [7, 'exclude'],
        [8, 'per-file-ignores'],
      ],
    );
    assert.equal(formatConfigProblem(problems[0]!), 'pyproject.toml:3: [tool.flask-practices] select must be a list of rule codes; ignoring it.');
    assert.match(formatConfigProblem(problems[3]!), /unknown key "colour", ignored; the keys are select, ignore, extend-select/);
    assert.match(formatConfigProblem(problems[5]!), /per-file-ignores\."a\.py": "NOPE1" matches no rule/);
  });

  test('a file that is not TOML gives no configuration and one problem with its line and the key being read', () => {
    const { config, problems } = parse('[tool.flask-practices]\nignore = ["FLK101"]\nselect = ["FLK5"\nseverity = {}\n');
    assert.equal(config, undefined);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.line, 4);
    assert.equal(problems[0]!.key, 'select');
    assert.match(formatConfigProblem(problems[0]!), /^pyproject\.toml:4: \[tool\.flask-practices\] not valid TOML in "select" \(.+\); using the defaults\.$/);
    assert.equal(parse('a = 1\n[tool.flask-practices\n').problems[0]!.key, undefined);
  });
});

describe('globs', () => {
  const settings = editor({ exclude: ['migrations', 'app/legacy', 'gen_*.py'], perFileIgnores: { '__init__.py': ['FLK101'], 'scripts/*.py': ['FLK501', 'FLK503'] } });

  test('a pattern without a slash matches a file or folder of that name anywhere; one with a slash matches from the root, with what lies below', () => {
    for (const path of ['migrations/env.py', 'app/migrations/versions/1.py', 'app/legacy/old.py', 'app/legacy/deep/x.py', 'tools/gen_models.py']) assert.equal(isExcludedPath(path, settings), true, path);
    for (const path of ['app/views.py', 'legacy/old.py', 'src/app/legacy/old.py', 'tools/generate.py', 'app/migrations.py']) assert.equal(isExcludedPath(path, settings), false, path);
    assert.equal(isExcludedPath('anything.py', DEFAULT_SETTINGS), false);
  });

  test('per-file-ignores adds codes to ignore for the files it matches, and leaves other files’ settings as they are', () => {
    assert.deepEqual(settingsForPath(settings, 'pkg/__init__.py').ignore, ['FLK101']);
    assert.deepEqual(settingsForPath(settings, 'scripts/run.py').ignore, ['FLK501', 'FLK503']);
    assert.equal(settingsForPath(settings, 'app/scripts/run.py'), settings);
  });

  test('test-paths replaces the default patterns, which keep today’s meaning', () => {
    for (const path of ['tests/a.py', 'app/test/b.py', 'test_x.py', 'pkg/x_test.py', 'conftest.py']) assert.equal(isTestModule(path, DEFAULT_TEST_PATHS), true, path);
    assert.equal(isTestModule('app/testing.py'), false);
    assert.equal(isTestModule('checks/probe.py', ['checks']), true);
    assert.equal(isTestModule('tests/test_app.py', ['checks']), false, 'the defaults are replaced');
  });

  test('the engine skips excluded files and test-paths, and drops per-file-ignores codes', async () => {
    const engine = await testEngine();
    const app = 'from flask import Flask\napp = Flask(__name__)\napp.run()\n';
    const codes = (settings: Settings, path: string) => engine.analyseText(app, settings, (a) => ({ codes: a.findings.map((f) => f.code), skipped: a.skipped }), path);
    assert.deepEqual(codes(settings, 'app.py'), { codes: ['FLK101', 'FLK501'], skipped: undefined });
    assert.deepEqual(codes(settings, 'app/legacy/app.py'), { codes: [], skipped: 'excluded' });
    assert.deepEqual(codes(settings, 'scripts/app.py'), { codes: ['FLK101'], skipped: undefined });
    assert.deepEqual(codes(editor({ testPaths: ['checks'] }), 'checks/app.py'), { codes: [], skipped: 'test-code' });
    assert.deepEqual(codes(editor({ testPaths: ['checks'] }), 'tests/app.py').codes, ['FLK101', 'FLK501']);
  });
});

describe('layers: defaults, then pyproject.toml, then the editor', () => {
  const file: ProjectConfig = { ignore: ['FLK502'], severity: { FLK501: 'error', FLK101: 'hint' }, exclude: ['legacy'] };

  test('editorFirst (the default): a setting made in the editor wins; one left at its default does not hide the file’s', () => {
    const resolved = resolveSettings(editor({ ignore: ['FLK101'], severity: { FLK101: 'info' } }), { config: file, dir: '' });
    assert.deepEqual(resolved.ignore, ['FLK101']);
    assert.deepEqual(resolved.severity, { FLK501: 'error', FLK101: 'info' });
    assert.deepEqual(resolved.exclude, ['legacy']);
    assert.deepEqual(resolveSettings(editor(), { config: file, dir: '' }).ignore, ['FLK502']);
  });

  test('filesystemFirst: the file wins', () => {
    const resolved = resolveSettings(editor({ ignore: ['FLK101'], severity: { FLK101: 'info' }, configurationPreference: 'filesystemFirst' }), { config: file, dir: '' });
    assert.deepEqual(resolved.ignore, ['FLK502']);
    assert.deepEqual(resolved.severity, { FLK101: 'hint', FLK501: 'error' });
  });

  test('editorOnly: the file is not read', () => {
    const base = editor({ ignore: ['FLK101'], configurationPreference: 'editorOnly' });
    assert.equal(resolveSettings(base, { config: file, dir: '' }), base);
  });

  test('no file: the editor’s settings as they are', () => {
    const base = editor({ ignore: ['FLK101'] });
    assert.equal(resolveSettings(base, undefined), base);
  });

  test('extend-select adds to the select below it; a select above drops it, as in Ruff', () => {
    const config: ProjectConfig = { select: ['FLK1'], extendSelect: ['FLK503'] };
    const fromFile = resolveSettings(editor(), { config, dir: '' });
    assert.deepEqual([fromFile.select, fromFile.extendSelect], [['FLK1'], ['FLK503']]);
    const editorSelect = resolveSettings(editor({ select: ['FLK5'] }), { config, dir: '' });
    assert.deepEqual([editorSelect.select, editorSelect.extendSelect], [['FLK5'], []]);
    const editorExtends = resolveSettings(editor({ extendSelect: ['FLK501'] }), { config, dir: '' });
    assert.deepEqual([editorExtends.select, editorExtends.extendSelect], [['FLK1'], ['FLK503', 'FLK501']]);
  });

  test('an incremental analysis under settings that differ only in a key pyproject.toml adds (extend-select) walks every statement again', async () => {
    const engine = await testEngine();
    const uri = 'file:///tmp/flk-config/extend.py';
    engine.open(uri, 'from flask import Flask\napp = Flask(__name__)\napp.run()\nx = 1\n', 1, 'extend.py');
    try {
      const narrow = editor({ select: ['FLK1'] });
      assert.deepEqual(engine.analyse(uri, narrow)!.findings.map((f) => f.code), ['FLK101']);
      engine.change(uri, [{ range: { start: { line: 3, character: 4 }, end: { line: 3, character: 5 } }, text: '2' }], 2);
      const extended = engine.analyse(uri, { ...narrow, extendSelect: ['FLK501'] })!;
      assert.deepEqual(extended.findings.map((f) => f.code).sort(), ['FLK101', 'FLK501']);
    } finally {
      engine.close(uri);
    }
  });

  test('globs in a pyproject.toml below the project root are anchored at its folder', () => {
    const resolved = resolveSettings(editor(), { config: { exclude: ['legacy', 'app/old/*.py'], perFileIgnores: { 'scripts/*.py': ['FLK501'] }, testPaths: ['checks/'] }, dir: 'api' });
    assert.deepEqual(resolved.exclude, ['legacy', 'api/app/old/*.py']);
    assert.deepEqual(resolved.perFileIgnores, { 'api/scripts/*.py': ['FLK501'] });
    assert.deepEqual(resolved.testPaths, ['checks']);
    assert.equal(isExcludedPath('api/app/old/x.py', resolved), true);
    assert.equal(isExcludedPath('app/old/x.py', resolved), false);
  });
});
