/**
 * Plain statements (engine/plainStatement.ts) read from their text by the rules' `readPlain`:
 * the findings, their messages and their fixes' edits are those the visitors give when every
 * statement is walked, on texts of many shapes and on every fixture.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { DEFAULT_SETTINGS, Engine } from '../server/src/engine';
import { readPlainStatement } from '../server/src/engine/plainStatement';
import type { Rule } from '../server/src/engine/rule';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';
import { RULES } from '../server/src/rules';
import { fixtureSources } from './support/fixtureSources';

/** Rules as shipped, with a count of the statements whose findings came from the text. */
let answered = 0;
const reading: Rule[] = RULES.map((rule) => {
  const read = rule.readPlain;
  if (!read) return rule;
  return {
    ...rule,
    readPlain(statement, context) {
      const reports = read.call(rule, statement, context);
      if (reports) answered++;
      return reports;
    },
  };
});
/** The same rules walking every statement's nodes. */
const walking: Rule[] = RULES.map(({ readPlain: _readPlain, ...rule }) => rule);

let withText: Engine;
let withTree: Engine;
before(async () => {
  withText = await Engine.create(loadGrammarBytes(__dirname), reading);
  withTree = await Engine.create(loadGrammarBytes(__dirname), walking);
});

/** Everything a host shows of the findings: place, code, message, severity, and each fix's title, safety and edits. */
function findingsOf(engine: Engine, text: string, path?: string): string[] {
  return engine.analyseText(
    text,
    { ...DEFAULT_SETTINGS },
    (analysis) =>
      analysis.findings.map((f) => {
        const fix = f.fix && { title: f.fix.title, safety: f.fix.safety, edits: f.fix.edits() };
        return JSON.stringify({ code: f.code, range: f.range, message: f.message, messageId: f.messageId, severity: f.severity, fix });
      }),
    path,
  );
}

const SHAPES = [
  'from flask import Flask',
  'from flask_socketio import SocketIO',
  'app = Flask(__name__)',
  'socketio = SocketIO(app)',
  'other = object()',
  'app.run(debug=True)',
  'app.run()',
  'app.run(debug=False)',
  'app.run(host="0.0.0.0", port=5000, debug=True)',
  'app.run(debug = True ,)',
  'app.run(debug=True, )',
  'app.run(debug=True, load_dotenv=False)',
  'app.run(load_dotenv=True, debug=True)',
  'app.run(debug=True, debug=False)',
  'app.run(debug=1)',
  'app.run(debug="yes")',
  'app.run(debug=None)',
  'app.run(port=-1, debug=True)',
  'app.run(debug=True)  # a comment',
  'app.run(debug=True);',
  'app.run(debug=True); x = 1',
  'x = 1; app.run(debug=True)',
  'app.run(',
  '    debug=True)',
  'app.run(debug=True, **options)',
  'app.run(True)',
  'app .run(debug=True)',
  'app.run (debug=True)',
  'app.run(debug=(True))',
  'app.run(host="(", debug=True)',
  "app.run(host='#', debug=True)",
  'app.run(debug=True, host="a\\"b")',
  'socketio.run(app, debug=True)',
  'socketio.run(debug=True)',
  'other.run(debug=True)',
  'print.run(debug=True)',
  'app.update(DEBUG=True)',
  'app.config.update(DEBUG=True, SECRET_KEY="s")',
  'app.from_mapping(SECRET_KEY="s")',
  'app.config["DEBUG"] = True',
  'app.config["DEBUG"] = False',
  "app.config['DEBUG'] = True",
  'app.config [ "DEBUG" ] = True',
  'app.config["DEBUG"]=True',
  'app.config["DEBUG"] = True  # noqa: FLK502',
  'app.config["DEBUG"] = 1',
  'other.config["DEBUG"] = True',
  'app.config["SECRET_KEY"] = "dev"',
  'app.config["SECRET_KEY"] = ""',
  "app.config['SECRET_KEY'] = 'single'",
  'app.config["SECRET_KEY"] = "debug-run-secret"',
  'app.config["SECRET_KEY"] = "with \\" escape"',
  'app.config["SECRET_KEY"] = f"{x}"',
  'app.config["SECRET_KEY"] = b"bytes"',
  'app.config["SECRET_KEY"] = None',
  'app.config["SECRET_KEY"] = 42',
  'other.config["SECRET_KEY"] = "dev"',
  'app.config["DATABASE_URL"] = "postgres://u@h/db"',
  'app.config["SECRET_KEY"] = "postgres://u@h/db"',
  'app.config["SECRET_KEY"] = "x"  # noqa: FLK503',
  'app.config["SECRET_KEY"] = "x" "y"',
  'app.config["RUN"] = "run debug"',
  'app = 1',
  'app.run(debug=True)',
  'app.config["DEBUG"] = True',
  'app.config["SECRET_KEY"] = "dev"',
  'app = Flask(__name__)',
  'def create():',
  '    app.run(debug=True)',
  '    app.config["DEBUG"] = True',
  'if __name__ == "__main__":',
  '    app.run(debug=True)',
  'app.run(debug=True)',
  'app.config["SECRET_KEY"] = "tail"',
];

test('plain statements give the findings and fixes the walk gives, and are read from the text', () => {
  const shapes = `${SHAPES.join('\n')}\n`;
  answered = 0;
  assert.deepEqual(findingsOf(withText, shapes), findingsOf(withTree, shapes));
  // Of the module-level statements above, at least the dense ones are read from the text.
  assert.ok(answered >= 12, `only ${answered} statements were read from their text`);
  for (const eol of ['\r\n', '\r']) {
    const text = shapes.replace(/\n/g, eol);
    assert.deepEqual(findingsOf(withText, text), findingsOf(withTree, text), JSON.stringify(eol));
  }
});

test('a package’s __main__.py and a test module read the same either way', () => {
  const text = 'from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\napp.config["SECRET_KEY"] = "dev"\n';
  for (const path of ['pkg/__main__.py', 'tests/test_app.py', 'app.py']) assert.deepEqual(findingsOf(withText, text, path), findingsOf(withTree, text, path), path);
});

test('every fixture gives the same findings and fixes with plain statements read from the text', () => {
  answered = 0;
  for (const source of fixtureSources()) assert.deepEqual(findingsOf(withText, source), findingsOf(withTree, source), source.slice(0, 200));
  assert.ok(answered > 0, 'no fixture statement was read from its text');
});

test('the plain shapes and what is left to the tree', () => {
  const read = (line: string) => readPlainStatement(`${line}\n`, 0, line.trimEnd().length);
  assert.deepEqual(read('app.run(debug=True, port=5)'), {
    kind: 'method-call',
    object: 'app',
    method: 'run',
    start: 0,
    end: 27,
    keywords: [
      { name: 'debug', start: 8, end: 18, value: { kind: 'true', start: 14, end: 18 } },
      { name: 'port', start: 20, end: 26, value: { kind: 'integer', start: 25, end: 26 } },
    ],
  });
  assert.deepEqual(read('app.config["KEY"] = "v"'), { kind: 'config-write', object: 'app', key: 'KEY', start: 0, end: 23, value: { kind: 'string', start: 20, end: 23, body: 'v' } });
  for (const line of ['app.run(x)', 'app.run(debug=f())', 'app.run(debug=True)  # c', 'app.run(**kw)', 'app.config["K"] = x', 'app.config["K"] = "a\\nb"', 'None.run()', 'print.run()', 'a.b.run()']) {
    assert.equal(read(line), undefined, line);
  }
});

test('findings read from the text and kept through edits elsewhere have the fixes a fresh analysis gives', () => {
  const text = ['from flask import Flask', '', 'app = Flask(__name__)', 'app.config["SECRET_KEY"] = "dev"', 'app.config["DEBUG"] = True', '', '', 'app.run(debug=True)', ''].join('\n');
  const uri = 'mem://plain-kept.py';
  const seen = (analysis: { findings: readonly { code: string; range: unknown; fix?: { title: string; edits(): unknown } }[] }) =>
    analysis.findings.map((f) => JSON.stringify({ code: f.code, range: f.range, title: f.fix?.title, edits: f.fix?.edits() }));
  withText.open(uri, text, 1);
  try {
    withText.analyse(uri, { ...DEFAULT_SETTINGS });
    // A comment line (which changes no module fact, so findings are kept) added above shifts every statement; one added between them leaves those above in place.
    for (const [version, line] of [[2, 0], [3, 5]] as const) {
      withText.change(uri, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '# a note\n' }], version);
      const kept = seen(withText.analyse(uri, { ...DEFAULT_SETTINGS })!);
      const current = withText.document(uri)!.text;
      assert.ok(kept.some((f) => f.includes('FLK503')) && kept.some((f) => f.includes('"edits":[{')), 'the findings and their fixes are there');
      assert.deepEqual(kept, findingsOfFresh(current), `after the edit at line ${line}`);
    }
  } finally {
    withText.close(uri);
  }
});

/** The same view of a fresh analysis by the walking rules. */
function findingsOfFresh(text: string): string[] {
  return withTree.analyseText(text, { ...DEFAULT_SETTINGS }, (analysis) =>
    analysis.findings.map((f) => JSON.stringify({ code: f.code, range: f.range, title: f.fix?.title, edits: f.fix?.edits() })),
  );
}
