/**
 * Fixtures for rules that check files other than Python: `test/fixtures/<CODE>-<slug>/<case>/`
 * holds such files (a Dockerfile, a Procfile, `docker-compose.yml`, `entrypoint.sh`...) with
 * checked markers (support/markers.ts; a marker on a line of its own marks the next line), the
 * Python modules they name, which the rule reads as it reads a project's, and a `<file>.fixed`
 * snapshot wherever the rule fixes something.
 *
 * The fixed text must be stable, leave nothing fixable, keep its syntax (a Dockerfile's exec
 * forms stay JSON, YAML still parses, shell lines pass `sh -n`), and every gunicorn target it
 * writes must load a Flask app from the case's modules under Debian's Python, as gunicorn would.
 *
 * `UPDATE_SNAPSHOTS=1` rewrites the `.fixed` files.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { Engine, fileKindOf, offersFix } from '../server/src/engine';
import { readFile, shellTokens, isWord, type ShellToken } from '../server/src/engine/files';
import { LineIndex } from '../server/src/engine/positions';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';
import { diskReader } from '../server/src/host/projectFiles';
import { RULES } from '../server/src/rules';
import { launchCommands } from '../server/src/rules/support/launch/commands';
import { execFormWords } from '../server/src/engine/files';
import { settingsWith } from './support/engine';
import { readMarkers } from './support/markers';
import { PYTHON } from './support/python';

const ROOT = join(__dirname, 'fixtures');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

/** Resolves a gunicorn target (`module:name` or `module:factory(args)`) as gunicorn does, and names what it found. */
const LOAD_TARGET = `
import ast, importlib, sys
sys.path.insert(0, sys.argv[1])
module_name, _, expr = sys.argv[2].partition(":")
module = importlib.import_module(module_name)
node = ast.parse(expr, mode="eval").body
if isinstance(node, ast.Call):
    args = [ast.literal_eval(a) for a in node.args]
    kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
    app = getattr(module, node.func.id)(*args, **kwargs)
else:
    app = getattr(module, node.id)
import flask
print("Flask" if isinstance(app, flask.Flask) else type(app).__name__)
`;

let engine: Engine;
before(async () => {
  engine = await Engine.create(loadGrammarBytes(__dirname), RULES, diskReader);
});

/** Every file under `dir` the checker reads as a kind other than Python, snapshots excluded. */
function checkedFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/');
    const kind = fileKindOf(path);
    if (entry.isFile() && kind && kind !== 'python' && !path.endsWith('.fixed')) files.push(path);
  }
  return files.sort();
}

/** The words a text's launch commands run, `sh -c` scripts opened up. */
function commandWords(path: string, text: string): string[] {
  const kind = fileKindOf(path);
  if (!kind || kind === 'python') return [];
  const lines = new LineIndex(text);
  const words: string[] = [];
  const collect = (tokens: readonly ShellToken[]) => {
    for (const token of tokens) {
      if (!isWord(token)) continue;
      if (/\s/.test(token.word)) collect(shellTokens(token.word));
      else words.push(token.word);
    }
  };
  for (const command of launchCommands(readFile(kind, text, lines).parsed, text, lines)) collect(command.tokens);
  return words;
}

/** The file's syntax as a fix must keep it: YAML errors, shell lines `sh -n` rejects, which Dockerfile commands are exec forms. */
function syntaxShape(path: string, text: string): string[] {
  const kind = fileKindOf(path);
  const lines = new LineIndex(text);
  if (kind === 'compose') return parseDocument(text).errors.map((e) => e.message);
  if (kind === 'shell') return shellCheck(text);
  if (kind === 'procfile' || kind === 'dockerfile') {
    const read = readFile(kind, text, lines).parsed;
    if (read.kind === 'procfile') return read.commands.flatMap((c) => shellCheck(c.text));
    if (read.kind !== 'dockerfile') return [];
    return [...read.dockerfile.getCMDs(), ...read.dockerfile.getENTRYPOINTs()].flatMap((instruction, index) =>
      execFormWords(instruction) ? [`${instruction.getKeyword()} ${index}: exec form`] : shellCheck(instruction.getArgumentsContent() ?? ''),
    );
  }
  return [];
}

function shellCheck(script: string): string[] {
  const run = spawnSync('sh', ['-n'], { input: script, encoding: 'utf8' });
  return run.status === 0 ? [] : [run.stderr.trim()];
}

const fileRules = RULES.filter((rule) => rule.checkFile);
for (const rule of fileRules) {
  const { code, slug } = rule.meta;
  const dir = join(ROOT, `${code}-${slug}`);
  describe(`${code}-${slug}`, () => {
    const cases = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];

    test('the rule has fixture cases', () => {
      assert.ok(cases.length > 0, `no cases under test/fixtures/${code}-${slug}/`);
    });

    for (const name of cases) {
      const caseDir = join(dir, name);
      for (const path of checkedFiles(caseDir)) {
        test(`${name}/${path}`, () => {
          const file = join(caseDir, path);
          const fixedPath = `${file}.fixed`;
          const text = readFileSync(file, 'utf8');
          const settings = settingsWith({ select: [code] });
          const markers = readMarkers(text, { ownLineMarksNext: true });
          assert.ok(markers.every((m) => m.codes.every((c) => c === code)), `markers must name ${code} only`);

          const findings = engine.analyseText(text, settings, (a) => a.findings.map((f) => ({ line: a.lines.lineOf(f.range.start), fixable: offersFix(f) })), path, file);
          const expected = markers.filter((m) => m.kind === 'expect').map((m) => m.line + 1).sort((a, b) => a - b);
          const actual = [...new Set(findings.map((f) => f.line + 1))].sort((a, b) => a - b);
          assert.deepEqual(actual, expected, 'lines with findings (1-based) differ from the # expect markers');

          if (!findings.some((f) => f.fixable)) {
            assert.ok(!existsSync(fixedPath) || UPDATE, 'has a .fixed snapshot but the rule fixes nothing here');
            if (UPDATE && existsSync(fixedPath)) rmSync(fixedPath);
            return;
          }
          const fixed = engine.fixAll(text, settings, true, path, file);
          assert.notEqual(fixed.text, text, 'fixes changed nothing');
          if (UPDATE) writeFileSync(fixedPath, fixed.text);
          assert.ok(existsSync(fixedPath), `missing snapshot ${fixedPath} (run with UPDATE_SNAPSHOTS=1)`);
          assert.equal(fixed.text, readFileSync(fixedPath, 'utf8'), 'fixed text differs from the snapshot');

          assert.equal(engine.fixAll(fixed.text, settings, true, path, file).text, fixed.text, 'fix-all is not idempotent');
          const remaining = engine.analyseText(fixed.text, settings, (a) => a.findings.filter(offersFix).length, path, file);
          assert.equal(remaining, 0, 'fixable findings remain after fixing');
          assert.deepEqual(syntaxShape(path, fixed.text), syntaxShape(path, text), 'the fix changed the file\'s syntax');

          const words = commandWords(path, fixed.text);
          const targets = words.flatMap((word, i) => (word === 'gunicorn' && words[i + 1] ? [words[i + 1]!] : []));
          assert.ok(targets.length > 0, 'the fixed file starts no gunicorn');
          for (const target of targets) {
            const load = spawnSync(PYTHON, ['-c', LOAD_TARGET, caseDir, target], { encoding: 'utf8', timeout: 30_000 });
            assert.equal(load.stdout.trim(), 'Flask', `gunicorn's ${target} does not load a Flask app: ${load.stderr}`);
          }
        });
      }
    }
  });
}
