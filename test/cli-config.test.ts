/**
 * The built CLI with project configuration and in CI: each pyproject.toml key over the test
 * workspace (test/fixtures-project), precedence of the command line, --config, a malformed file,
 * and the CI options: --format sarif (validated against the SARIF 2.1.0 schema), github, json,
 * text colours, --diff, --statistics, --quiet, --force-exclude, and the worker pool's order.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { applyPatch } from 'diff';
import { parse as parseYaml } from 'yaml';
import { fileKindOf } from '../server/src/engine';
import { formatText, useColor, type CliFinding } from '../server/src/cli/format';
import { RULES } from '../server/src/rules';
import { runCli, scratchProjects, type JsonFinding } from './support/cliRunner';
import { ROOT } from './support/lspClient';

const WORKSPACE = join(ROOT, 'test', 'fixtures-project');
const ALL = ['FLK101', 'FLK501', 'FLK502', 'FLK503'];
const { project } = scratchProjects('flk-cli-config-');

function json(args: string[], cwd: string) {
  const run = runCli(['check', '--format', 'json', ...args], cwd);
  assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
  return { findings: JSON.parse(run.stdout) as JsonFinding[], stderr: run.stderr };
}

/** Per file, its codes in order. */
function codesByFile(findings: JsonFinding[]): Record<string, string[]> {
  const byFile: Record<string, string[]> = {};
  for (const f of findings) (byFile[f.file] ??= []).push(f.code);
  for (const codes of Object.values(byFile)) codes.sort();
  return byFile;
}

describe('pyproject.toml, each key', () => {
  test('api/: ignore, severity, exclude, per-file-ignores and test-paths', () => {
    const { findings, stderr } = json([], join(WORKSPACE, 'api'));
    assert.equal(stderr, '');
    assert.deepEqual(codesByFile(findings), {
      // ignore = ["FLK502"]
      'app.py': ['FLK101', 'FLK501', 'FLK503'],
      // services-packages = ["domain", "services"]
      'domain/pricing.py': ['FLK104'],
      // max-routes-per-module = 3: four routes
      'routes.py': ['FLK202'],
      // per-file-ignores: "scripts/*.py" = ["FLK501", "FLK503"]
      'scripts/run.py': ['FLK101'],
      // test-paths = ["checks", ...] replaces the defaults: tests/ is application code here, checks/ is not
      'tests/test_app.py': ['FLK101', 'FLK501', 'FLK503'],
      // exclude = ["legacy"]: legacy/old.py is not there.
    });
    // severity = { FLK501 = "error" }
    assert.deepEqual([...new Set(findings.filter((f) => f.code === 'FLK501').map((f) => f.severity))], ['error']);
    assert.deepEqual([...new Set(findings.filter((f) => f.code === 'FLK101').map((f) => f.severity))], ['warning']);
  });

  test('web/: select with extend-select; the nearest pyproject.toml with our table wins (web/nested/), one without it is skipped', () => {
    const { findings } = json([], join(WORKSPACE, 'web'));
    assert.deepEqual(codesByFile(findings), {
      'app.py': ['FLK101', 'FLK503'],
      'nested/app.py': ['FLK501'],
      'nested/deeper/app.py': ['FLK501'],
    });
  });

  test('from the workspace root, each folder keeps its own configuration, with globs anchored at its folder', () => {
    const { findings } = json([], WORKSPACE);
    const byFile = codesByFile(findings);
    assert.deepEqual(byFile['api/app.py'], ['FLK101', 'FLK501', 'FLK503']);
    assert.deepEqual(byFile['api/scripts/run.py'], ['FLK101']);
    assert.equal(byFile['api/legacy/old.py'], undefined);
    assert.deepEqual(byFile['web/app.py'], ['FLK101', 'FLK503']);
    assert.deepEqual(byFile['plain/app.py'], ALL);
  });

  test('a malformed pyproject.toml is reported on stderr with its file, line and key, and the defaults apply', () => {
    const run = runCli(['check', '--format', 'json', '.'], join(WORKSPACE, 'malformed'));
    assert.equal(run.status, 1);
    assert.deepEqual(codesByFile(JSON.parse(run.stdout) as JsonFinding[]), { 'app.py': ALL });
    assert.match(run.stderr, /^error: \S*malformed[/\\]pyproject\.toml:4: \[tool\.flask-practices\] not valid TOML in "select" \(.+\); using the defaults\.$/m);
  });
});

describe('precedence on the command line', () => {
  test('--select and --ignore win over the file; --extend-select adds to its select', () => {
    const api = join(WORKSPACE, 'api');
    assert.deepEqual(codesByFile(json(['--ignore', 'FLK101', 'app.py'], api).findings), { 'app.py': ['FLK501', 'FLK502', 'FLK503'] });
    const web = join(WORKSPACE, 'web');
    assert.deepEqual(codesByFile(json(['--extend-select', 'FLK502', 'app.py'], web).findings), { 'app.py': ['FLK101', 'FLK502', 'FLK503'] });
    assert.deepEqual(codesByFile(json(['--select', 'FLK502', 'app.py'], web).findings), { 'app.py': ['FLK502'] }, 'a select drops the extend-select below it');
  });

  test('--config PATH configures every file instead of the nearest pyproject.toml; a missing one is a usage error', () => {
    const { findings } = json(['--config', join(WORKSPACE, 'web', 'pyproject.toml'), 'api/app.py', 'plain/app.py'], WORKSPACE);
    assert.deepEqual(codesByFile(findings), { 'api/app.py': ['FLK101', 'FLK503'], 'plain/app.py': ['FLK101', 'FLK503'] });
    const missing = runCli(['check', '--config', 'nope.toml', '.'], WORKSPACE);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope\.toml: no such file or directory/);
  });

  test('a file named on the command line is checked even where exclude matches it, unless --force-exclude', () => {
    const api = join(WORKSPACE, 'api');
    assert.deepEqual(codesByFile(json(['legacy/old.py'], api).findings), { 'legacy/old.py': ['FLK101', 'FLK501', 'FLK503'] });
    assert.deepEqual(json(['--force-exclude', 'legacy/old.py'], api).findings, []);
  });
});

describe('output for CI', () => {
  test('--format sarif validates against the SARIF 2.1.0 schema, with every rule, its help and the fixes', () => {
    const run = runCli(['check', '--format', 'sarif', '.'], WORKSPACE);
    assert.equal(run.status, 1, run.stderr);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    // The schema's `language` pattern has a stray `]` that only a non-Unicode RegExp accepts.
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const log = JSON.parse(run.stdout) as SarifLog;
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.equal(validate({ ...log, runs: [{ ...log.runs[0], results: [{ ...log.runs[0]!.results[0], level: 'fatal' }] }] }), false, 'the schema can fail');

    const run0 = log.runs[0]!;
    assert.deepEqual(run0.tool.driver.rules.map((r) => r.id), RULES.map((r) => r.meta.code));
    assert.ok(run0.tool.driver.rules.every((r) => r.help.markdown.includes(r.id) && r.shortDescription.text.length > 0));
    const result = run0.results.find((r) => r.ruleId === 'FLK501' && r.locations[0]!.physicalLocation.artifactLocation.uri === 'plain/app.py')!;
    assert.deepEqual(result.locations[0]!.physicalLocation.region, { startLine: 5, startColumn: 1, endLine: 5, endColumn: 20 });
    assert.equal(run0.tool.driver.rules[result.ruleIndex]!.id, 'FLK501');
    const replacement = result.fixes![0]!.artifactChanges[0]!.replacements[0]!;
    assert.match(replacement.insertedContent.text, /if __name__ == "__main__":/);
  });

  test('--format github writes one workflow command per finding, with escaped properties', () => {
    const run = runCli(['check', '--format', 'github', 'app.py'], join(WORKSPACE, 'plain'));
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 4);
    assert.ok(lines.some((line) => line.startsWith('::error file=app.py,line=4,endLine=4,') && line.includes(',title=FLK503 (hardcoded-secret-key)::FLK503 ')), run.stdout);
    assert.ok(lines.some((line) => line.startsWith('::warning file=app.py,line=5,endLine=5,col=1,endColumn=20,title=FLK501 (app-run-unguarded)::')), run.stdout);
    for (const line of lines) assert.match(line, /^::(error|warning|notice) file=app\.py,line=\d+,endLine=\d+,col=\d+,endColumn=\d+,title=FLK\d{3} \([a-z-]+\)::FLK\d{3} [^\n]+$/);
    const dir = project({ 'a,b:c.py': 'from flask import Flask\napp = Flask(__name__)\n' });
    assert.match(runCli(['check', '--format', 'github', '.'], dir).stdout, /^::warning file=a%2Cb%3Ac\.py,line=2,/);
  });

  test('text is coloured on a terminal, never when piped or with NO_COLOR', () => {
    assert.equal(useColor({ isTTY: true }, {}), true);
    assert.equal(useColor({ isTTY: true }, { NO_COLOR: '1' }), false);
    assert.equal(useColor({ isTTY: false }, {}), false);
    assert.equal(useColor({}, {}), false);
    const finding: CliFinding = { file: 'a.py', line: 1, column: 1, endLine: 1, endColumn: 4, code: 'FLK101', slug: 'module-level-app', severity: 'warning', message: 'm', fixable: false, fix: undefined, fixRefused: undefined, sourceLine: 'app' };
    assert.match(formatText([finding], { fixes: undefined, showFixes: false, color: true }), /\x1b\[/);
    assert.doesNotMatch(formatText([finding], { fixes: undefined, showFixes: false, color: false }), /\x1b\[/);
    assert.doesNotMatch(runCli(['check', '.'], join(WORKSPACE, 'plain')).stdout, /\x1b\[/, 'piped');
  });

  test('--diff prints the fixes as a unified diff and writes nothing; applied, it gives what --fix writes', () => {
    const dir = project({ 'app.py': readFileSync(join(WORKSPACE, 'plain', 'app.py'), 'utf8') });
    const before = readFileSync(join(dir, 'app.py'), 'utf8');
    const run = runCli(['check', '--diff', '.'], dir);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^--- a\/app\.py$/m);
    assert.match(run.stderr, /Would fix 1 problem in 1 file\./);
    assert.equal(readFileSync(join(dir, 'app.py'), 'utf8'), before, 'nothing written');
    const patched = applyPatch(before, run.stdout);
    runCli(['check', '--fix', '.'], dir);
    assert.equal(patched, readFileSync(join(dir, 'app.py'), 'utf8'));
    const unsafe = runCli(['check', '--diff', '--unsafe-fixes', '.'], project({ 'app.py': before }));
    assert.match(unsafe.stdout, /def create_app/);
    const clean = runCli(['check', '--diff', '.'], dir);
    assert.equal(clean.status, 0);
    assert.equal(clean.stdout, '');
  });

  test('--statistics counts findings per rule; --quiet prints the findings without the summary', () => {
    const stats = runCli(['check', '--statistics', '.'], WORKSPACE);
    assert.equal(stats.status, 1);
    assert.match(stats.stdout, /^6\tFLK101\t\[\*\] module-level-app$/m);
    const rows = JSON.parse(runCli(['check', '--statistics', '--format', 'json', '.'], WORKSPACE).stdout) as { code: string; count: number }[];
    assert.deepEqual(rows.find((r) => r.code === 'FLK502'), { code: 'FLK502', name: 'debug-enabled', count: 2, fixable: true });
    const quiet = runCli(['check', '--quiet', '.'], join(WORKSPACE, 'plain'));
    assert.match(quiet.stdout, /FLK101/);
    assert.doesNotMatch(quiet.stdout, /Found \d+ problems/);
    assert.equal(runCli(['check', '-q', '.'], join(WORKSPACE, 'malformed')).stderr.split('\n').filter(Boolean).length, 1, 'errors still show');
  });

  test('the worker pool gives the same output, in the same order, as one thread', () => {
    const files: Record<string, string> = {};
    const app = readFileSync(join(WORKSPACE, 'plain', 'app.py'), 'utf8');
    for (let i = 0; i < 80; i++) files[`pkg${i % 7}/mod_${i}.py`] = i % 3 === 0 ? app : 'import os\n';
    files.Dockerfile = 'CMD ["python", "pkg0/mod_0.py"]\n';
    const dir = project(files);
    const one = runCli(['check', '--format', 'json', '--workers', '1', '.'], dir);
    const many = runCli(['check', '--format', 'json', '--workers', '3', '.'], dir);
    assert.equal(one.status, 1);
    assert.ok((JSON.parse(one.stdout) as JsonFinding[]).length > 50);
    assert.equal(many.stdout, one.stdout);
    const copy = join(dir, '..', 'copy');
    cpSync(dir, copy, { recursive: true });
    assert.equal(runCli(['check', '--fix', '--workers', '3', '.'], copy).stdout, runCli(['check', '--fix', '--workers', '1', '.'], dir).stdout);
  });

  test('arguments are parsed strictly: an unknown option, a missing value or a bad --workers is a usage error', () => {
    for (const args of [['--nope'], ['--config'], ['--workers', '0'], ['--workers', 'x'], ['--format', 'xml']]) {
      const run = runCli(['check', ...args], WORKSPACE);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /^error: /);
    }
    assert.match(runCli(['check', '--nope'], WORKSPACE).stderr, /^error: unknown option --nope/);
    assert.match(runCli(['check', '--config'], WORKSPACE).stderr, /^error: --config needs a value/);
    const help = runCli(['check', '--help'], WORKSPACE);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--format text\|json\|sarif\|github/);
  });
});

describe('pre-commit', () => {
  const hooks = parseYaml(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; files: string }[];

  test('each hook takes exactly the files the CLI knows by name', () => {
    assert.deepEqual(hooks.map((hook) => hook.id), ['flask-practices', 'flask-practices-fix']);
    const names = ['app.py', 'pkg/mod.py', 'Dockerfile', 'deploy/Dockerfile.prod', 'web.Dockerfile', 'Containerfile', 'Procfile', 'docker-compose.yml', 'compose.prod.yaml', 'bin/start.sh', 'README.md', 'config.yaml', 'pyproject.toml', 'Dockerfile.d/notes.txt', 'app.pyc', 'setup.cfg'];
    for (const hook of hooks) {
      assert.match(hook.entry, /^flask-practices check --force-exclude\b/);
      const pattern = new RegExp(hook.files);
      for (const name of names) assert.equal(pattern.test(name), fileKindOf(name.slice(name.lastIndexOf('/') + 1)) !== undefined, `${hook.id}: ${name}`);
    }
  });

  test('the npm package pre-commit installs holds a CLI that runs without node_modules', () => {
    const out = join(project({}), 'pack');
    mkdirSync(out, { recursive: true });
    // The bundles are built already (the tests run the built CLI); pre-commit's install runs `prepare` to build them.
    const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', out], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
    execFileSync('tar', ['-xzf', join(out, tarball), '-C', out]);
    const cli = join(out, 'package', 'dist', 'cli.js');
    for (const file of ['cliWorker.js', 'web-tree-sitter.wasm', 'tree-sitter-python.wasm']) assert.ok(existsSync(join(out, 'package', 'dist', file)), file);
    const dir = join(WORKSPACE, 'plain');
    const run = execFileSync(process.execPath, [cli, 'check', '--exit-zero', '--statistics', '--workers', '2', 'app.py'], { cwd: dir, encoding: 'utf8' });
    assert.match(run, /FLK101/);
  });
});

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; shortDescription: { text: string }; help: { markdown: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: object } }[];
      fixes?: { artifactChanges: { replacements: { insertedContent: { text: string } }[] }[] }[];
    }[];
  }[];
}
