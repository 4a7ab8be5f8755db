/**
 * Files other than Python in the engine (engine/files/): which names are read, where their
 * comments are and where a `# noqa` may go, and that no text makes their readers or FLK505 throw.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import { Engine, fileKindOf, fixAvailability, type OtherFileKind } from '../server/src/engine';
import { readFile } from '../server/src/engine/files';
import { LineIndex } from '../server/src/engine/positions';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';
import { diskReader } from '../server/src/host/projectFiles';
import { RULES } from '../server/src/rules';
import { settingsWith, testEngine } from './support/engine';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

const comments = (kind: OtherFileKind, text: string) => readFile(kind, text, new LineIndex(text)).comments.map((c) => text.slice(c.start, c.end));
const trailingCommentLines = (kind: OtherFileKind, text: string) => {
  const lines = new LineIndex(text);
  const read = readFile(kind, text, lines);
  return [...Array(lines.lineCount).keys()].filter((line) => read.acceptsTrailingComment(line));
};
const codesAt = (text: string, path: string) => engine.analyseText(text, settingsWith({}), (a) => a.findings.map((f) => `${a.lines.lineOf(f.range.start) + 1}:${f.code}`), path);

describe('file kinds', () => {
  test('names decide the kind; a language id only names an untitled document', () => {
    const kinds = Object.fromEntries(
      ['app.py', 'Dockerfile', 'Dockerfile.prod', 'web.Dockerfile', 'Containerfile', 'Procfile', 'Procfile.dev', 'docker-compose.yml', 'docker-compose.prod.yaml', 'compose.yaml', 'compose.yml', 'start.sh', 'notes.txt', 'Dockerfiles', 'my-compose.yml'].map((name) => [name, fileKindOf(`deploy/${name}`) ?? null]),
    );
    assert.deepEqual(kinds, {
      'app.py': 'python',
      Dockerfile: 'dockerfile',
      'Dockerfile.prod': 'dockerfile',
      'web.Dockerfile': 'dockerfile',
      Containerfile: 'dockerfile',
      Procfile: 'procfile',
      'Procfile.dev': null,
      'docker-compose.yml': 'compose',
      'docker-compose.prod.yaml': 'compose',
      'compose.yaml': 'compose',
      'compose.yml': 'compose',
      'start.sh': 'shell',
      'notes.txt': null,
      Dockerfiles: null,
      'my-compose.yml': null,
    });
    assert.equal(fileKindOf('Untitled-1', 'dockerfile'), 'dockerfile');
    assert.equal(fileKindOf('Untitled-1', 'markdown'), undefined);
    assert.equal(fileKindOf('start.sh', 'python'), 'shell', 'the name wins over the language id');
  });
});

describe('comments and where a noqa may go', () => {
  test('Dockerfile: comment lines, and a shell comment after the shell form; the exec form takes none', () => {
    const text = ['# syntax=docker/dockerfile:1', 'FROM python', 'RUN echo "# not a comment"', 'CMD flask run \\', '  --port 1  # trailing', 'ENTRYPOINT ["flask", "run"]', ''].join('\n');
    assert.deepEqual(comments('dockerfile', text), ['# trailing'], 'a parser directive is no comment');
    assert.deepEqual(trailingCommentLines('dockerfile', text), [2, 4]);
    assert.equal(readFile('dockerfile', text, new LineIndex(text)).headerLines, 1, 'a file-level noqa goes below the parser directive');
  });

  test('shell script: a `#` in a word or in quotes is no comment; continued lines and here-documents take none', () => {
    const text = ['#!/bin/sh', 'echo a#b "#c" # real', 'flask run \\', '  --port 1', 'cat <<EOF', '# text', 'EOF', ''].join('\n');
    assert.deepEqual(comments('shell', text), ['#!/bin/sh', '# real']);
    assert.deepEqual(trailingCommentLines('shell', text), [0, 1, 3, 4, 7]);
  });

  test('Compose: YAML comments from the lexer; no comment inside a block scalar', () => {
    const text = ['services:  # top', '  web:', '    command: "flask # run"', '    entrypoint: >', '      sh -c "x"', '    image: x  # end', ''].join('\n');
    assert.deepEqual(comments('compose', text), ['# top', '# end']);
    assert.deepEqual(trailingCommentLines('compose', text), [0, 1, 2, 5, 6]);
  });

  test('a `# noqa` hides a finding only where it is a comment', () => {
    const text = ['services:', '  a:', '    command: flask --app app:app run  # noqa: FLK505', '  b:', '    command: "flask --app app:app run # noqa: FLK505"', ''].join('\n');
    assert.deepEqual(codesAt(text, 'compose.yaml'), ['5:FLK505']);
    const procfile = 'web: flask --app app:app run  # noqa\nworker: flask --app app:app run  # noqa: FLK101\n';
    assert.deepEqual(codesAt(procfile, 'Procfile'), ['2:FLK505']);
    const file = '# flask-practices: noqa: FLK505\nCMD ["flask", "--app", "app:app", "run"]\n';
    assert.deepEqual(codesAt(file, 'Dockerfile'), []);
  });

  test('a file under tests/ is test code, as Python modules there are', () => {
    assert.deepEqual(codesAt('CMD flask --app app:app run\n', 'tests/Dockerfile'), []);
    assert.deepEqual(codesAt('CMD flask --app app:app run\n', 'deploy/Dockerfile'), ['1:FLK505']);
  });

  test('FLK505 leaves files named for development, and files in a folder named so as a whole', () => {
    const flagged = ['deploy/Dockerfile', 'local-tools/Dockerfile', 'devices/start.sh', 'latest.Dockerfile', 'devops.sh', 'device.Dockerfile', 'contest.sh'];
    const left = ['deploy/Dockerfile.dev', 'dev/Dockerfile', '.devcontainer/Dockerfile', 'scripts/run_dev.sh', 'start-local.sh', 'docker-compose.override.yml'];
    // Words run together: a development word joined with what it runs.
    left.push('scripts/devserver.sh', 'webdev.Dockerfile', 'startDev.sh', 'runtests.sh', 'docker-compose.devenv.yml');
    const command = (path: string) => (path.endsWith('.yml') ? 'services:\n  web:\n    command: flask --app app:app run\n' : 'flask --app app:app run\n');
    const checked = (path: string) => codesAt(path.endsWith('.sh') || path.endsWith('.yml') ? command(path) : `CMD ${command(path)}`, path).length > 0;
    assert.deepEqual(flagged.filter((path) => !checked(path)), []);
    assert.deepEqual(left.filter(checked), []);
  });
});

describe('FLK505 refusals', () => {
  test('each command it cannot carry over says why', async () => {
    const reading = await Engine.create(loadGrammarBytes(__dirname), RULES, diskReader);
    const file = join(__dirname, 'fixtures', 'FLK505-production-server', 'dockerfile_no_fix', 'Dockerfile');
    const reasons = reading.analyseText(
      readFileSync(file, 'utf8'),
      settingsWith({ select: ['FLK505'] }),
      (a) => a.findings.map((f) => {
        const availability = f.fix && fixAvailability(f.fix);
        return `${a.lines.lineOf(f.range.start) + 1}: ${availability && !availability.ok ? availability.reason : 'offered'}`;
      }),
      'Dockerfile',
      file,
    );
    assert.deepEqual(reasons, [
      '6: the app is not named here (no `--app`, no FLASK_APP), so which one gunicorn should load is not known',
      "9: gunicorn's command line has no counterpart for `--cert`",
      '12: the command holds shell syntax (redirections, subshells, command substitution) the fix does not rewrite',
      '15: the address `app.run()` listens on is computed in code',
      "18: gunicorn's command line has no counterpart for the script's arguments (`--port 8000`)",
      '21: the app is named by a variable',
    ]);
  });
});

/** The fixtures of rules that check other files, by kind: real text to mutate. */
const SAMPLES: { path: string; text: string }[] = (() => {
  const root = join(__dirname, 'fixtures', 'FLK505-production-server');
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((path) => ({ path: relative(root, join(root, path)).split('\\').join('/'), full: join(root, path) }))
    .filter(({ path }) => fileKindOf(path) !== undefined && fileKindOf(path) !== 'python' && !path.endsWith('.fixed'))
    .map(({ path, full }) => ({ path: path.slice(path.lastIndexOf('/') + 1), text: readFileSync(full, 'utf8') }));
})();

describe('no text breaks the readers', () => {
  test('mutated fixtures and random text: readers, FLK505 and its fixes never throw, ranges stay inside the text', () => {
    const mutated = fc
      .record({ sample: fc.constantFrom(...SAMPLES), at: fc.nat(), cut: fc.nat({ max: 12 }), insert: fc.string({ unit: fc.constantFrom('"', "'", '\\', '\n', '\r', '#', '[', ']', '$', '{', '}', ':', '-', ' ', 'x', '<<', '&&', 'flask run ') }) })
      .map(({ sample, at, cut, insert }) => {
        const start = at % (sample.text.length + 1);
        return { path: sample.path, text: sample.text.slice(0, start) + insert + sample.text.slice(start + cut) };
      });
    const random = fc.record({ path: fc.constantFrom('Dockerfile', 'Procfile', 'compose.yaml', 'run.sh'), text: fc.string({ unit: 'binary', maxLength: 200 }) });
    fc.assert(
      fc.property(fc.oneof(mutated, random), ({ path, text }) => {
        const settings = settingsWith({});
        engine.analyseText(
          text,
          settings,
          (analysis) => {
            assert.deepEqual(analysis.ruleErrors, []);
            for (const f of analysis.findings) assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length);
          },
          path,
        );
        engine.fixAll(text, settings, true, path);
      }),
      { seed: 20_261_204, numRuns: 300 },
    );
  });
});
