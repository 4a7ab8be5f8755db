/** Engine units: incremental parsing, settings, suppressions, ERROR nodes and fix application. */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { applyEdits, minimalEdit, normaliseSettings, type Engine } from '../server/src/engine';
import { RULES } from '../server/src/rules';
import { compareFindings } from '../server/src/engine/findings';
import type { Finding } from '../server/src/engine/rule';
import { settingsWith, testEngine } from './support/engine';

const CODES = RULES.map((r) => r.meta.code);
const NAIVE = [
  'from flask import Flask',
  '',
  'app = Flask(__name__)',
  'app.config["SECRET_KEY"] = "abc"',
  '',
  '@app.route("/")',
  'def index():',
  '    return "hi"',
  '',
  'app.run(debug=True)',
  '',
].join('\n');

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

function codes(uri: string, overrides = {}): string[] {
  return engine.analyse(uri, settingsWith(overrides))!.findings.map((f) => f.code);
}

describe('incremental parsing', () => {
  test('edits update findings and cost one parse per analysis', () => {
    engine.open('mem://a.py', NAIVE, 1);
    const first = codes('mem://a.py');
    assert.ok(first.includes('FLK501'));
    const doc = engine.document('mem://a.py')!;
    const parsesBefore = doc.parseCount;
    // Put the run call under a guard, one keystroke burst at a time.
    const line = NAIVE.split('\n').indexOf('app.run(debug=True)');
    engine.change('mem://a.py', [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'if __name__ == "__main__":\n    ' }], 2);
    const second = codes('mem://a.py');
    assert.equal(doc.parseCount - parsesBefore, 1);
    assert.ok(!second.includes('FLK501'), 'the guarded run is no longer flagged');
    const fresh = engine.analyseText(doc.text, settingsWith({}), (a) => a.findings.map((f) => `${f.code}@${f.range.start}`));
    assert.deepEqual(engine.analyse('mem://a.py', settingsWith({}))!.findings.map((f) => `${f.code}@${f.range.start}`), fresh);
    engine.close('mem://a.py');
    assert.equal(engine.has('mem://a.py'), false);
  });

  test('a change without a range replaces the text', () => {
    engine.open('mem://b.py', NAIVE, 1);
    engine.change('mem://b.py', [{ text: 'print("clean")\n' }], 2);
    assert.deepEqual(codes('mem://b.py'), []);
    engine.close('mem://b.py');
  });

  test('a change for a closed document is ignored', () => {
    assert.equal(engine.change('mem://never.py', [{ text: 'x' }], 1), false);
  });
});

describe('settings', () => {
  test('malformed values are reported and fall back to defaults', () => {
    const { settings, problems } = normaliseSettings({ enable: 'yes', severity: { FLK999: 'error', FLK101: 'loud' }, select: ['FLK1', 42], debounceMs: -1 }, CODES);
    assert.equal(settings.enable, true);
    assert.deepEqual(settings.select, ['FLK1']);
    assert.deepEqual(settings.severity, {});
    assert.equal(settings.debounceMs, 200);
    assert.equal(problems.length, 5);
  });

  test('select, ignore and severity off choose the rules', () => {
    engine.open('mem://c.py', NAIVE, 1);
    assert.deepEqual([...new Set(codes('mem://c.py', { select: ['FLK5'] }))].sort(), ['FLK501', 'FLK502', 'FLK503']);
    assert.ok(!codes('mem://c.py', { ignore: ['FLK501'] }).includes('FLK501'));
    assert.ok(!codes('mem://c.py', { severity: { FLK101: 'off' } }).includes('FLK101'));
    const severities = engine.analyse('mem://c.py', settingsWith({ severity: { FLK503: 'error' } }))!.findings.filter((f) => f.code === 'FLK503').map((f) => f.severity);
    assert.deepEqual(severities, ['error']);
    assert.deepEqual(codes('mem://c.py', { enable: false }), []);
    engine.close('mem://c.py');
  });
});

describe('the size limit', () => {
  test('counts UTF-8 bytes, not characters', () => {
    // 600,000 characters of `é` are 1.2 MB as UTF-8: over a 1 MB limit, though the length is not.
    const text = `app = 1  # ${'é'.repeat(600_000)}\n`;
    const skipped = (limitMb: number) => engine.analyseText(text, settingsWith({ maxFileSizeMb: limitMb }), (a) => a.skipped);
    assert.equal(skipped(1), 'too-large');
    assert.equal(skipped(2), undefined);
  });
});

describe('suppressions', () => {
  const check = (text: string) => engine.analyseText(text, settingsWith({}), (a) => a.findings.map((f) => f.code));

  test('# noqa: CODE hides exactly that code on that line', () => {
    const text = NAIVE.replace('app.run(debug=True)', 'app.run(debug=True)  # noqa: FLK501');
    const found = check(text);
    assert.ok(!found.includes('FLK501'));
    assert.ok(found.includes('FLK502'), 'FLK502 on the same line stays');
  });

  test('a bare # noqa hides everything on the line; noqa inside a string does nothing', () => {
    assert.ok(!check(NAIVE.replace('app.run(debug=True)', 'app.run(debug=True)  # NOQA')).some((c) => c === 'FLK501' || c === 'FLK502'));
    const inString = NAIVE.replace('"abc"', '"abc # noqa"');
    assert.ok(check(inString).includes('FLK503'));
  });

  test('the file-level directive hides codes in the whole file', () => {
    assert.deepEqual(check(`# flask-practices: noqa\n${NAIVE}`), []);
    const some = check(`# flask-practices: noqa: FLK501, FLK502\n${NAIVE}`);
    assert.ok(!some.includes('FLK501') && !some.includes('FLK502') && some.includes('FLK503'));
  });
});

describe('broken code', () => {
  test('nothing inside an ERROR node is reported', () => {
    const text = 'from flask import Flask\ndef f(:\n    app = Flask(__name__)\n    app.run(debug=True\n';
    assert.doesNotThrow(() => engine.analyseText(text, settingsWith({}), (a) => a.findings));
    const findings = engine.analyseText(text, settingsWith({}), (a) => a.findings.map((f) => f.code));
    assert.deepEqual(findings, []);
  });

  test('binary junk and empty input do not throw', () => {
    for (const text of ['', '\0\0\0', '\uFFFD\uD800x', '#'.repeat(5000), '('.repeat(500)]) {
      assert.doesNotThrow(() => engine.analyseText(text, settingsWith({}), (a) => a.findings));
    }
  });
});

describe('edits', () => {
  test('applyEdits rejects overlaps and applies in order', () => {
    assert.equal(applyEdits('abcdef', [{ range: { start: 4, end: 5 }, newText: 'E' }, { range: { start: 0, end: 1 }, newText: 'A' }]), 'AbcdEf');
    assert.throws(() => applyEdits('abc', [{ range: { start: 0, end: 2 }, newText: '' }, { range: { start: 1, end: 3 }, newText: '' }]));
  });

  test('minimalEdit trims to the change and never splits a surrogate pair', () => {
    const edit = minimalEdit('x = "😀"', 'x = "😃"')!;
    assert.equal(applyEdits('x = "😀"', [edit]), 'x = "😃"');
    assert.equal(edit.range.start, 5);
    assert.equal(minimalEdit('same', 'same'), undefined);
  });
});

describe('a module indexed, then checked', () => {
  test('is parsed once when the index keeps its parse, and a parse is kept for the next document only', () => {
    const checked = (text: string) => engine.analyseText(text, settingsWith({}), (a) => a.findings.map((f) => f.code).join(','));
    const expected = checked(NAIVE);
    let before = engine.parseCount;
    engine.indexFile('/kept/app.py', 'app.py', NAIVE, true);
    assert.equal(checked(NAIVE), expected);
    assert.equal(engine.parseCount - before, 1, 'indexed and checked with one parse');
    // Kept for the next document alone: another text in between takes its own parse, and the kept one is gone.
    before = engine.parseCount;
    engine.indexFile('/kept/app.py', 'app.py', NAIVE, true);
    checked('x = 1\n');
    assert.equal(checked(NAIVE), expected);
    assert.equal(engine.parseCount - before, 3);
    // Without `keep`, the check parses again.
    before = engine.parseCount;
    engine.indexFile('/kept/app.py', 'app.py', NAIVE);
    checked(NAIVE);
    assert.equal(engine.parseCount - before, 2);
  });
});

describe('the Flask model', () => {
  const VIEWS = [
    'import flask',
    'from flask import Blueprint, Flask as F',
    'from flask.views import MethodView',
    'from flask_restful import Resource',
    '',
    'bp = Blueprint("api", __name__)',
    '',
    '@bp.get("/items")',
    'def items(): ...',
    '',
    'def create_app():',
    '    app = F(__name__)',
    '',
    '    @app.route("/")',
    '    def index(): ...',
    '',
    '    app.add_url_rule("/about", view_func=about)',
    '    return app',
    '',
    'def about(): ...',
    '',
    'def helper(): ...',
    '',
    'class Things(MethodView):',
    '    def get(self): ...',
    '',
    '    @cached',
    '    def post(self): ...',
    '',
    'class Thing(Resource):',
    '    def get(self, id): ...',
    '',
    'class Plain:',
    '    def get(self): ...',
    '',
    '@cache.get("/x")',
    'def not_a_view(): ...',
    '',
    '@register',
    'def wrapped():',
    '    @bp.route("/nested")',
    '    def nested(): ...',
    '',
    'if True:',
    '    @bp.route("/guarded")',
    '    def guarded(): ...',
    '',
    'other = flask.Flask(__name__)',
    '',
  ].join('\n');

  test('views: routes on apps and blueprints, add_url_rule targets, class-based views', () => {
    const names = engine.inspectModel(VIEWS, (model) =>
      model.views.map((fn) => {
        const owner = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
        const cls = owner.parent?.parent;
        const prefix = cls?.type === 'class_definition' ? `${cls.childForFieldName('name')!.text}.` : '';
        return prefix + fn.childForFieldName('name')!.text;
      }),
    );
    assert.deepEqual(names, ['items', 'index', 'about', 'Things.get', 'Things.post', 'Thing.get', 'nested', 'guarded']);
  });

  test('apps and blueprints follow aliases; apps inside functions are not module apps', () => {
    const facts = engine.inspectModel(VIEWS, (model) => ({ apps: [...model.moduleAppNames], blueprints: [...model.blueprintNames] }));
    assert.deepEqual(facts, { apps: ['other'], blueprints: ['bp'] });
  });
});

describe('file name context', () => {
  const RUNS_ON_IMPORT = ['from flask import Flask', '', 'app = Flask(__name__)', '', 'app.run(port=5000)', ''].join('\n');
  const flk501 = (fileName?: string) =>
    engine.analyseText(RUNS_ON_IMPORT, settingsWith({}), (a) => a.findings.filter((f) => f.code === 'FLK501').length, fileName);

  test('analyseText: FLK501 skips a package `__main__.py` only', () => {
    assert.equal(flk501(), 1);
    assert.equal(flk501('app.py'), 1);
    assert.equal(flk501('__main__.pyi'), 1);
    assert.equal(flk501('__main__.py'), 0);
  });

  test('fixAll leaves a `__main__.py` alone', () => {
    assert.equal(engine.fixAll(RUNS_ON_IMPORT, settingsWith({ select: ['FLK501'] }), true, '__main__.py').text, RUNS_ON_IMPORT);
    assert.notEqual(engine.fixAll(RUNS_ON_IMPORT, settingsWith({ select: ['FLK501'] }), true, 'app.py').text, RUNS_ON_IMPORT);
  });

  test('open documents take the name from the URI, and keep it across incremental edits', () => {
    for (const [uri, expected] of [
      ['file:///proj/pkg/__main__.py', 0],
      ['file:///c%3A/proj/pkg/%5F%5Fmain%5F%5F.py', 0],
      ['untitled:Untitled-1', 1],
      ['file:///proj/pkg/main.py', 1],
    ] as const) {
      engine.open(uri, RUNS_ON_IMPORT, 1);
      assert.equal(codes(uri).filter((c) => c === 'FLK501').length, expected, uri);
      // An edit elsewhere: the run statement's findings are kept, and must still follow the name.
      engine.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'x = 1' }], 2);
      assert.equal(codes(uri).filter((c) => c === 'FLK501').length, expected, `${uri} after an edit`);
      engine.close(uri);
    }
  });


  test('a `__main__` guard may add conditions with `and`, not with `or` or `not`', () => {
    const guards = (condition: string) =>
      engine.inspectModel(`import sys\nif ${condition}:\n    pass\n`, (model) => model.mainGuards.length);
    assert.equal(guards('__name__ == "__main__"'), 1);
    assert.equal(guards('__name__ == "__main__" and "--serve" in sys.argv'), 1);
    assert.equal(guards('"--serve" in sys.argv and ("__main__" == __name__ and True)'), 1);
    assert.equal(guards('(__name__ == "__main__")'), 1);
    assert.equal(guards('__name__ == "__main__" or "--serve" in sys.argv'), 0);
    assert.equal(guards('not __name__ == "__main__"'), 0);
    assert.equal(guards('__name__ != "__main__" and True'), 0);
  });
});

describe('FLK101 in a package __main__.py', () => {
  test('a script module is not flagged; the same code in app.py is', () => {
    const text = 'from flask import Flask\n\napp = Flask(__name__)\n';
    const codes = (fileName?: string) => engine.analyseText(text, settingsWith({ select: ['FLK101'] }), (a) => a.findings.map((f) => f.code), fileName);
    assert.deepEqual(codes('app.py'), ['FLK101']);
    assert.deepEqual(codes('__main__.py'), []);
  });
});

describe('the engine knows no rule', () => {
  test('a host can run it with a single rule', async () => {
    const { Engine } = await import('../server/src/engine');
    const { loadGrammarBytes } = await import('../server/src/host/grammarFiles');
    const { debugEnabled } = await import('../server/src/rules/debug-enabled');
    const single = await Engine.create(loadGrammarBytes(__dirname), [debugEnabled]);
    const codes = single.analyseText(NAIVE, settingsWith({}), (a) => [...new Set(a.findings.map((f) => f.code))]);
    assert.deepEqual(codes, ['FLK502']);
    assert.deepEqual(single.rules.map((r) => r.meta.code), ['FLK502']);
  });
});

describe('the order of findings', () => {
  test('at the same place, by code, message id and message in UTF-16 code units, whatever the locale', () => {
    const at = (code: string, messageId: string, message: string): Finding => ({ code, messageId, message, range: { start: 4, end: 9 }, severity: 'warning' });
    // A locale's collation puts lower case first and ignores case at first; code units put `Z` (90) before `a` (97).
    const findings = [at('FLK102', 'a', 'x'), at('FLK101', 'b', 'y'), at('FLK101', 'a', 'zeta'), at('FLK101', 'a', 'Zeta'), at('FLK101', 'B', 'y')];
    assert.deepEqual(
      [...findings].sort(compareFindings).map((f) => `${f.code} ${f.messageId} ${f.message}`),
      ['FLK101 B y', 'FLK101 a Zeta', 'FLK101 a zeta', 'FLK101 b y', 'FLK102 a x'],
    );
    const earlier = { ...at('FLK102', 'a', 'x'), range: { start: 3, end: 20 } };
    assert.equal([...findings, earlier].sort(compareFindings)[0], earlier, 'the place comes first');
  });
});
