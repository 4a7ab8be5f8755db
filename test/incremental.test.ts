/**
 * Incremental analysis, structurally: after every edit of a sequence, an open document's findings
 * (messages, ranges, fixes and their edits) equal a fresh analysis of the same text, each
 * analysed edit of valid code costs one parse, and unchanged statements really are kept.
 * No timings here: speed is measured by `npm run bench`.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Node, Tree } from 'web-tree-sitter';
import { fixAvailability, LineIndex, type Analysis, type ContentChange, type Engine, type OffsetRange } from '../server/src/engine';
import { cleanFunctions, flaskModule, middleEditOffset } from '../bench/generate';
import { moduleWithError } from '../bench/with-error';
import { freshTreeShape, settingsWith, testEngine, treeShape } from './support/engine';
import { FIXTURE_TEXTS } from './support/generators';
import { RULES } from '../server/src/rules';
import { editedNode, ParsedDocument } from '../server/src/engine/document';
import { FlaskModel } from '../server/src/engine/model';
import { makeEdit, PythonParser } from '../server/src/engine/parser';
import { reparseEqualsFresh } from '../server/src/engine/reparseCheck';
import { runRules, type RunState } from '../server/src/engine/runner';
import { readOutline, type OutlineEntry } from '../server/src/engine/semantic/outline';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

const settings = settingsWith({});

/** A seeded generator, so a failure replays. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Everything a user can see of an analysis, fixes' edits included. */
function observable(analysis: Analysis, withEdits: boolean) {
  return {
    findings: analysis.findings.map((f) => {
      const availability = f.fix ? fixAvailability(f.fix) : undefined;
      return {
        code: f.code,
        messageId: f.messageId,
        message: f.message,
        range: f.range,
        severity: f.severity,
        fix: f.fix && { title: f.fix.title, safety: f.fix.safety, availability, edits: withEdits ? f.fix.edits() : undefined },
      };
    }),
    ruleErrors: analysis.ruleErrors,
    noqa: analysis.suppressions.comments,
  };
}

/** A fresh analysis of `text` under the file name of the document `uri` (FLK201's fix names its blueprint after it). */
function fresh(uri: string, text: string, withEdits: boolean) {
  return engine.analyseText(text, settings, (analysis) => observable(analysis, withEdits), uri.split('/').pop());
}

/** One edit in engine offsets, or undefined when the text offers no place for it. */
type EditMaker = (text: string, pick: () => number) => { start: number; end: number; text: string } | undefined;

function nth(text: string, needle: string | RegExp, pick: () => number): number | undefined {
  const positions: number[] = [];
  const pattern = typeof needle === 'string' ? new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') : needle;
  for (const match of text.matchAll(pattern)) positions.push(match.index);
  return positions.length === 0 ? undefined : positions[Math.floor(pick() * positions.length)];
}

/** Replaces `a` by `b` or `b` by `a` (from `skip` characters in, so the edit starts there). */
function toggle(text: string, a: string, b: string, skip = 0): { start: number; end: number; text: string } | undefined {
  for (const [from, to] of [[a, b], [b, a]] as const) {
    const at = text.indexOf(from);
    if (at >= 0) return { start: at + skip, end: at + from.length, text: to.slice(skip) };
  }
  return undefined;
}

/** Edits that keep the code valid: each is analysed with exactly one (incremental) parse. */
const VALID_EDITS: Record<string, EditMaker> = {
  'type in a string': (text, pick) => {
    const at = nth(text, '"verbose"', pick);
    return at === undefined ? undefined : { start: at + 1, end: at + 1, text: 'x' };
  },
  'delete in a string': (text, pick) => {
    const at = nth(text, /"x+verbose"/g, pick);
    return at === undefined ? undefined : { start: at + 1, end: at + 2, text: '' };
  },
  'add a finding in a function body': (text, pick) => {
    const at = nth(text, '    return jsonify(item.to_dict())', pick);
    return at === undefined ? undefined : { start: at, end: at, text: '    app.config.update(SECRET_KEY="typed", DEBUG=True)\n' };
  },
  'remove a line from a function body': (text, pick) => {
    const at = nth(text, /^ {4}options\.update\(page=1\)\n/gm, pick);
    return at === undefined ? undefined : { start: at, end: at + '    options.update(page=1)\n'.length, text: '' };
  },
  'add a top-level statement': (text, pick) => {
    const at = nth(text, /^@app\.route/gm, pick);
    return at === undefined ? undefined : { start: at, end: at, text: 'app.config["SECRET_KEY"] = "top"\n\n\n' };
  },
  // Module facts: findings of statements far from the edit change with them.
  'alias the extension import, or not': (text) => toggle(text, 'import SQLAlchemy\n', 'import SQLAlchemy as Alchemy\n'),
  'unmake the app, or remake it': (text) => toggle(text, 'app = Flask(__name__)', 'app = Flask.make(__name__)'),
  // A statement's findings read its line: the extension's fix needs the line to itself.
  'share the extension line, or not': (text) => toggle(text, 'db = SQLAlchemy(app)  # note', 'db = SQLAlchemy(app)  ; x = 1', 'db = SQLAlchemy(app)  '.length),
  'add a noqa comment': (text, pick) => {
    const at = nth(text, /SECRET_KEY="typed", DEBUG=True\)$/gm, pick);
    return at === undefined ? undefined : { start: at + 'SECRET_KEY="typed", DEBUG=True)'.length, end: at + 'SECRET_KEY="typed", DEBUG=True)'.length, text: '  # noqa: FLK503' };
  },
  'guard the dev server, or not': (text) => {
    const guard = 'if __name__ == "__main__":\n    app.run(';
    const at = text.indexOf(guard);
    if (at >= 0) return { start: at, end: at + guard.length, text: 'app.run(' };
    const run = text.lastIndexOf('\napp.run(');
    return run < 0 ? undefined : { start: run + 1, end: run + 1, text: 'if __name__ == "__main__":\n    ' };
  },
  'rename a class': (text, pick) => {
    const at = nth(text, /^class Item\d+/gm, pick);
    return at === undefined ? undefined : { start: at + 'class '.length, end: at + 'class '.length, text: 'Dev' };
  },
  'switch debug in a config class': (text) => {
    const on = text.indexOf('    DEBUG = True');
    if (on >= 0) return { start: on + '    DEBUG = '.length, end: on + '    DEBUG = True'.length, text: 'False' };
    const off = text.indexOf('    DEBUG = False');
    return off < 0 ? undefined : { start: off + '    DEBUG = '.length, end: off + '    DEBUG = False'.length, text: 'True' };
  },
};

const TOGGLED_FACTS = new Set(['alias the extension import, or not', 'unmake the app, or remake it']);

/** Edits that may break the code for a while: a reparse with errors then stands only where it equals a fresh parse. */
const BREAKING_EDITS: Record<string, EditMaker> = {
  'type an opening bracket': (text, pick) => {
    const at = Math.floor(pick() * text.length);
    return { start: at, end: at, text: '(' };
  },
  'delete a character': (text, pick) => {
    const at = Math.floor(pick() * (text.length - 1));
    return { start: at, end: at + 1, text: '' };
  },
  'type a quote': (text, pick) => {
    const at = Math.floor(pick() * text.length);
    return { start: at, end: at, text: '"""' };
  },
};

/**
 * The edit as an LSP change, and the text after it. Positions cannot point between a CR and its
 * LF, so the offsets are the ones the positions come back to, as in an editor.
 */
function applyChange(text: string, edit: { start: number; end: number; text: string }): { change: ContentChange; text: string } {
  const lines = new LineIndex(text);
  const range = { start: lines.positionAt(edit.start), end: lines.positionAt(edit.end) };
  const start = lines.offsetAt(range.start);
  const end = Math.max(start, lines.offsetAt(range.end));
  return { change: { range, text: edit.text }, text: text.slice(0, start) + edit.text + text.slice(end) };
}

describe('incremental analysis', () => {
  test('equals a fresh analysis after every edit, costs one parse per edit of valid code, and keeps what it can', () => {
    const pick = random(20261125);
    const uri = 'mem://incremental.py';
    let text = flaskModule(600).replace('db = SQLAlchemy(app)\n', 'db = SQLAlchemy(app)  # note\n');
    engine.open(uri, text, 1);
    assert.deepEqual(observable(engine.analyse(uri, settings)!, true), fresh(uri, text, true));
    const document = engine.document(uri)!;
    const names = Object.keys(VALID_EDITS);
    let version = 1;
    let kept = 0;
    let keptModule = 0;
    let revert: string | undefined;
    for (let step = 0; step < 100; step++) {
      // A module fact changed is changed back at the next step, so most steps have every finding.
      const name = revert ?? names[Math.floor(pick() * names.length)]!;
      revert = !revert && TOGGLED_FACTS.has(name) ? name : undefined;
      const edit = VALID_EDITS[name]!(text, pick);
      if (!edit) continue;
      const parses = document.parseCount;
      const applied = applyChange(text, edit);
      engine.change(uri, [applied.change], ++version);
      text = applied.text;
      const analysis = engine.analyse(uri, settings)!;
      assert.equal(analysis.text, text);
      assert.equal(document.parseCount - parses, 1, `${name}: one parse`);
      kept += analysis.keptStatements;
      keptModule += analysis.keptModuleFindings;
      // Fix edits are compared now and then: FLK101's plan reads the whole module.
      const withEdits = step % 10 === 0;
      assert.deepEqual(observable(analysis, withEdits), fresh(uri, text, withEdits), `step ${step}: ${name}`);
    }
    assert.ok(kept > 0, 'findings of untouched statements were kept');
    assert.ok(keptModule > 0, "FLK201's findings were kept while the routes held");
    engine.close(uri);
  });

  test("FLK201's and FLK202's findings are kept while the routes hold, their fixes found again, and checked again when a route changes", () => {
    const uri = 'mem://kept-routes.py';
    let text = flaskModule(300);
    engine.open(uri, text, 1);
    const first = engine.analyse(uri, settings)!;
    const routes = first.findings.filter((f) => f.code === 'FLK201').length;
    assert.ok(routes > 10);
    assert.equal(first.findings.filter((f) => f.code === 'FLK202').length, 1, 'the module has too many routes');
    const typeAt = (at: number, typed: string, version: number) => {
      const applied = applyChange(text, { start: at, end: at, text: typed });
      engine.change(uri, [applied.change], version);
      text = applied.text;
      return engine.analyse(uri, settings)!;
    };
    // Typed into a string in a view's body: every route stays as it was.
    const inBody = typeAt(middleEditOffset(text), 'x', 2);
    assert.equal(inBody.keptModuleFindings, routes + 1);
    assert.deepEqual(observable(inBody, true), fresh(uri, text, true));
    // Typed into a route's path: the routes changed, so the check runs again.
    const inRoute = typeAt(text.indexOf('@app.route("/items1') + '@app.route("/items1'.length, 'x', 3);
    assert.equal(inRoute.keptModuleFindings, 0);
    assert.deepEqual(observable(inRoute, true), fresh(uri, text, true));
    engine.close(uri);
  });

  test('equals a fresh analysis through broken code, bursts of edits and CRLF line breaks', () => {
    const pick = random(7);
    const uri = 'mem://broken.py';
    let text = flaskModule(300).replace(/\n/g, '\r\n');
    engine.open(uri, text, 1);
    engine.analyse(uri, settings);
    const makers = [...Object.values(VALID_EDITS), ...Object.values(BREAKING_EDITS)];
    let version = 1;
    for (let step = 0; step < 60; step++) {
      // One to three edits before each analysis, sometimes in one notification.
      const burst = 1 + Math.floor(pick() * 3);
      const changes: ContentChange[] = [];
      for (let i = 0; i < burst; i++) {
        const edit = makers[Math.floor(pick() * makers.length)]!(text, pick);
        if (!edit) continue;
        const applied = applyChange(text, edit);
        changes.push(applied.change);
        text = applied.text;
      }
      if (pick() < 0.5) engine.change(uri, changes, ++version);
      else for (const change of changes) engine.change(uri, [change], ++version);
      const analysis = engine.analyse(uri, settings)!;
      assert.equal(analysis.text, text);
      assert.deepEqual(observable(analysis, step % 10 === 0), fresh(uri, text, step % 10 === 0), `step ${step}`);
      assert.equal(treeShape(engine.document(uri)!.syntaxTree), freshTreeShape(engine, text), `step ${step}: the tree is a fresh parse's`);
    }
    engine.close(uri);
  });

  test('equals a fresh analysis after large pastes and a cut, keeping the statements around them', () => {
    const uri = 'mem://paste.py';
    const original = flaskModule(300);
    let text = original;
    engine.open(uri, text, 1);
    engine.analyse(uri, settings);
    // Library code with findings inside functions (an app parameter): the module facts stay as they were.
    const paste = `${cleanFunctions(150_000)}\n\ndef configure(app):\n    app.config["SECRET_KEY"] = "pasted"\n    app.run(debug=True)\n${cleanFunctions(150_000)}`;
    const [early, middle] = [original.indexOf('\n\n\nclass Item1('), original.indexOf('\n\n\nclass Item3(')];
    const edits = [
      { start: middle, end: middle, text: paste },
      { start: early, end: early, text: paste },
      // Cut the first paste again, which the second one moved on.
      { start: middle + paste.length, end: middle + 2 * paste.length, text: '' },
    ];
    let version = 1;
    for (const [step, edit] of edits.entries()) {
      const applied = applyChange(text, edit);
      engine.change(uri, [applied.change], ++version);
      text = applied.text;
      const analysis = engine.analyse(uri, settings)!;
      assert.equal(analysis.text, text);
      assert.ok(analysis.keptStatements > 0, `step ${step}: statements away from the paste were kept`);
      assert.deepEqual(observable(analysis, true), fresh(uri, text, true), `step ${step}`);
    }
    assert.equal(text, original.slice(0, early) + paste + original.slice(early));
    engine.close(uri);
  });

  test("a class header is a module fact: a base class's header changes what its subclass reports", () => {
    const uri = 'mem://settings.py';
    let text = [
      'from flask import Flask',
      'from pydantic_settings import BaseSettings',
      '',
      'app = Flask(__name__)',
      '',
      '',
      'class Base:',
      '    pass',
      '',
      '',
      'class AppSettings(Base):',
      '    SECRET_KEY = "hard-coded"',
      '',
    ].join('\n');
    engine.open(uri, text, 1);
    const before = engine.analyse(uri, settings)!;
    assert.ok(before.findings.some((f) => f.code === 'FLK503'), 'the settings class hard-codes its key');
    // Pydantic settings read the environment: the subclass's value is only a default now.
    const applied = applyChange(text, { start: text.indexOf('class Base:') + 'class Base'.length, end: text.indexOf('class Base:') + 'class Base'.length, text: '(BaseSettings)' });
    engine.change(uri, [applied.change], 2);
    text = applied.text;
    const after = engine.analyse(uri, settings)!;
    assert.deepEqual(observable(after, true), fresh(uri, text, true));
    assert.ok(!after.findings.some((f) => f.code === 'FLK503'));
    engine.close(uri);
  });

  test('a settings change walks everything again, with the same result as fresh', () => {
    const uri = 'mem://settings.py';
    const text = flaskModule(200);
    engine.open(uri, text, 1);
    engine.analyse(uri, settings);
    const only = settingsWith({ select: ['FLK5'] });
    const analysis = engine.analyse(uri, only)!;
    assert.equal(analysis.keptStatements, 0);
    assert.deepEqual(
      analysis.findings.map((f) => [f.code, f.range]),
      engine.analyseText(text, only, (a) => a.findings.map((f) => [f.code, f.range])),
    );
    engine.close(uri);
  });
});

/** Rules whose findings all come from module-wide checks (FLK101, FLK201...), which run on every analysis. */
const MODULE_WIDE = new Set(RULES.filter((rule) => rule.checkModule && !rule.visit).map((rule) => rule.meta.code));
/** The rules whose module checks keep their findings across edits (Rule.keepsModuleFindings). */
const KEEPS_MODULE_FINDINGS = new Set(RULES.filter((rule) => rule.keepsModuleFindings).map((rule) => rule.meta.code));

/** Top-level statements holding findings of the rules' visitors (not of module-wide checks), but not the one at `except`. */
function reportingStatements(analysis: Analysis, root: Node, except: number): number {
  const starts = new Set<number>();
  for (const finding of analysis.findings) if (!MODULE_WIDE.has(finding.code)) starts.add(root.firstChildForIndex(finding.range.start)!.startIndex);
  starts.delete(root.firstChildForIndex(except)!.startIndex);
  return starts.size;
}

describe('incremental analysis with a syntax error elsewhere', () => {
  test('an edit in a 5k-line module walks only the statement it touches, with one parse', () => {
    const uri = 'mem://with-error.py';
    let text = moduleWithError(5000);
    engine.open(uri, text, 1);
    engine.analyse(uri, settings);
    const document = engine.document(uri)!;
    assert.ok(document.syntaxTree.rootNode.hasError, 'the module has a syntax error');
    const at = middleEditOffset(text);
    // Type `xyz` into a string in the middle, then delete it again.
    const edits = [0, 1, 2].map((i) => ({ start: at + i, end: at + i, text: 'xyz'[i]! }));
    edits.push(...[2, 1, 0].map((i) => ({ start: at + i, end: at + i + 1, text: '' })));
    for (const [step, edit] of edits.entries()) {
      const [parses, checked] = [document.parseCount, document.checkedReparses];
      const applied = applyChange(text, edit);
      engine.change(uri, [applied.change], step + 2);
      text = applied.text;
      const analysis = engine.analyse(uri, settings)!;
      assert.equal(document.parseCount - parses, 1, `step ${step}: one parse, no fresh one after it`);
      assert.equal(document.checkedReparses - checked, 1, `step ${step}: the reparse with errors was checked`);
      const root = document.syntaxTree.rootNode;
      const expected = reportingStatements(analysis, root, at);
      assert.ok(expected > 0);
      assert.equal(analysis.keptStatements, expected, `step ${step}: every statement with findings but the edited one was kept`);
      const moduleWide = analysis.findings.filter((f) => KEEPS_MODULE_FINDINGS.has(f.code)).length;
      assert.ok(moduleWide > 0);
      assert.equal(analysis.keptModuleFindings, moduleWide, `step ${step}: the module checks' findings (FLK201's routes) were kept`);
      assert.deepEqual(observable(analysis, step === 0), fresh(uri, text, step === 0), `step ${step}`);
    }
    engine.close(uri);
  });

  test('a quote typed far below that closes a string left open in a broken statement above gives a fresh parse', () => {
    // Error recovery dropped the string opened above, and tree-sitter forgot how far it looked for its
    // end: a reparse kept the secret key in between, which a fresh parse reads as inside the string.
    const uri = 'mem://open-string.py';
    let text = flaskModule(300).replace('        data = request.get_json', "        data = '''request.get_json");
    const between = text.indexOf('\nclass Item', Math.floor(text.length * 0.4)) + 1;
    text = `${text.slice(0, between)}app.secret_key = "typed"\n\n\n${text.slice(between)}`;
    engine.open(uri, text, 1);
    engine.analyse(uri, settings);
    const at = text.indexOf('\nclass Item', Math.floor(text.length * 0.6)) + 1;
    for (let i = 0; i < 3; i++) {
      const applied = applyChange(text, { start: at + i, end: at + i, text: "'" });
      engine.change(uri, [applied.change], i + 2);
      text = applied.text;
      const analysis = engine.analyse(uri, settings)!;
      assert.deepEqual(observable(analysis, false), fresh(uri, text, false), `quote ${i + 1}`);
      assert.equal(treeShape(engine.document(uri)!.syntaxTree), freshTreeShape(engine, text), `quote ${i + 1}: the tree is a fresh parse's`);
    }
    engine.close(uri);
  });

  test('an error typed elsewhere drops the findings of a statement off its column, and fixing it brings them back', () => {
    // tree-sitter reads ` app.run()` at column 1 without an error; only in a tree with errors is
    // such a statement taken for one that error recovery moved, and its findings dropped.
    const uri = 'mem://off-column.py';
    let text = `from flask import Flask\napp = Flask(__name__)\n\n app.run(debug=True)\n${flaskModule(100)}`;
    engine.open(uri, text, 1);
    const head = (analysis: Analysis) =>
      analysis.findings.filter((f) => f.range.start < analysis.text.indexOf('"""') && f.code !== 'FLK101').map((f) => f.code);
    assert.deepEqual(head(engine.analyse(uri, settings)!), ['FLK501', 'FLK502']);
    for (const [step, edit] of [{ start: 0, end: 0, text: ')' }, { start: 0, end: 1, text: '' }].entries()) {
      const applied = applyChange(text, edit);
      engine.change(uri, [applied.change], step + 2);
      text = applied.text;
      const analysis = engine.analyse(uri, settings)!;
      assert.deepEqual(head(analysis), step === 0 ? [] : ['FLK501', 'FLK502'], `step ${step}`);
      assert.deepEqual(observable(analysis, false), fresh(uri, text, false), `step ${step}`);
    }
    engine.close(uri);
  });

  test("FLK201's findings follow errors typed and fixed: routes error recovery shapes are dropped, kept routes are judged as fresh", () => {
    // FLK201 reads its verdicts with the kept route summaries: each must still be the runner's.
    const uri = 'mem://routes-with-error.py';
    const route = (path: string) => `@app.route("/${path}")\ndef ${path}():\n    return "${path}"\n\n\n`;
    let text = `from flask import Flask\napp = Flask(__name__)\n\n\ndef f():\n    pass\n\n\n${route('a')}${route('e')}\n app.add_url_rule("/c", "c", f)\n\n\n${route('z')}`;
    engine.open(uri, text, 1);
    const routes = (analysis: Analysis) =>
      analysis.findings.filter((f) => f.code === 'FLK201').map((f) => `${/"\/(\w+)"/.exec(analysis.text.slice(f.range.start, f.range.end))?.[1]}${f.fix ? '' : ' (no fix)'}`);
    assert.deepEqual(routes(engine.analyse(uri, settings)!), ['a', 'e', 'c', 'z']);
    const at = (needle: string, skip: number) => text.indexOf(needle) + skip;
    // Each edit is placed in the text as it is by then.
    const insert = (needle: string, skip: number, inserted: string) => () => ({ start: at(needle, skip), end: at(needle, skip), text: inserted });
    const remove = (needle: string, skip: number) => () => ({ start: at(needle, skip), end: at(needle, skip) + 1, text: '' });
    const steps = [
      // An unclosed string in e's body: its route still stands, the one off its column does not.
      { edit: remove('return "e"', 9), expected: ['a', 'e', 'z'] },
      { edit: insert('return "a"', 8, 'x'), expected: ['a', 'e', 'z'] },
      { edit: insert('def f()', 7, ':'), expected: ['a', 'e', 'z'] },
      { edit: insert('return "e', 9, '"'), expected: ['a', 'e', 'z'] },
      { edit: remove('def f():', 7), expected: ['a', 'e', 'c', 'z'] },
      { edit: remove('return "e"', 9), expected: ['a', 'e', 'z'] },
    ];
    for (const [step, { edit, expected }] of steps.entries()) {
      const applied = applyChange(text, edit());
      engine.change(uri, [applied.change], step + 2);
      text = applied.text;
      const analysis = engine.analyse(uri, settings)!;
      assert.deepEqual(routes(analysis), expected, `step ${step}`);
      assert.deepEqual(observable(analysis, false), fresh(uri, text, false), `step ${step}`);
    }
    engine.close(uri);
  });

  test('below an unclosed { that leaves no statement whole after it, an edit costs one fresh parse and no reparse', () => {
    const uri = 'mem://cascade.py';
    let text = moduleWithError(5000, 'x = {\n');
    engine.open(uri, text, 1);
    engine.analyse(uri, settings);
    const document = engine.document(uri)!;
    const at = middleEditOffset(text);
    const [parses, checked] = [document.parseCount, document.checkedReparses];
    const applied = applyChange(text, { start: at, end: at, text: 'x' });
    engine.change(uri, [applied.change], 2);
    text = applied.text;
    const analysis = engine.analyse(uri, settings)!;
    assert.equal(document.parseCount - parses, 1, 'one parse');
    assert.equal(document.checkedReparses, checked, 'no reparse to check');
    assert.equal(analysis.keptStatements, 0, 'everything walked again');
    assert.deepEqual(observable(analysis, false), fresh(uri, text, false));
    engine.close(uri);
  });
});

describe('settling a tree fresh from a full parse', () => {
  /** How many settling reparses the open module `uri` takes now. */
  const settlingSteps = (uri: string) => {
    let steps = 0;
    while (engine.settle(uri)) steps++;
    return steps;
  };

  /** Types `x` into a string in the middle of the open module `uri`, and analyses it; the new text. */
  const typeInTheMiddle = (uri: string, text: string, version: number) => {
    const at = middleEditOffset(text);
    const applied = applyChange(text, { start: at, end: at, text: 'x' });
    engine.change(uri, [applied.change], version);
    return { text: applied.text, analysis: engine.analyse(uri, settings)! };
  };

  test('an open clean module takes three reparses of its unchanged text, then analyses as before and edits as fresh', () => {
    const uri = 'mem://settle.py';
    const text = flaskModule(300);
    engine.open(uri, text, 1);
    const first = engine.analyse(uri, settings)!;
    // Read before settling: the first analysis holds nodes of the tree the settling replaces.
    const seen = observable(first, true);
    assert.equal(settlingSteps(uri), 3);
    assert.equal(treeShape(engine.document(uri)!.syntaxTree), freshTreeShape(engine, text), 'the tree is a fresh parse\'s');
    const again = engine.analyse(uri, settings)!;
    assert.notEqual(again, first, 'the analysis that held the old tree was dropped');
    assert.deepEqual(observable(again, true), seen);
    const typed = typeInTheMiddle(uri, text, 2);
    assert.deepEqual(observable(typed.analysis, true), fresh(uri, typed.text, true));
    engine.close(uri);
  });

  test('a keystroke settles the tree as much as one of them; a tree with a syntax error is left as it is', () => {
    const uri = 'mem://settle-typed.py';
    const text = flaskModule(300);
    engine.open(uri, text, 1);
    engine.analyse(uri, settings);
    typeInTheMiddle(uri, text, 2);
    assert.equal(settlingSteps(uri), 2);
    engine.close(uri);

    engine.open(uri, moduleWithError(300), 1);
    engine.analyse(uri, settings);
    assert.ok(engine.document(uri)!.syntaxTree.rootNode.hasError);
    assert.equal(engine.settle(uri), false);
    engine.close(uri);
  });
});

describe('the outline kept across edits', () => {
  const plain = ({ type, start, end }: OutlineEntry) => ({ type, start, end });

  /** What the model reads from the outline: its top-level statements, module bindings and module-scope statements. */
  function moduleShape(model: FlaskModel) {
    return {
      outline: model.outline.map(plain),
      bindings: model.semantic.module.all().map((b) => ({ name: b.name, kind: b.kind, visibleFrom: b.visibleFrom, qualifiedName: b.qualifiedName, value: b.value?.text })),
      statements: model.moduleStatements.map((n) => `${n.type} ${n.startIndex}-${n.endIndex}`),
      spans: model.moduleStatementSpans.map(({ type, start, end }) => ({ type, start, end })),
      mainGuards: model.mainGuards.map((n) => n.startIndex),
      apps: [...model.moduleAppNames],
    };
  }

  test('equals a fresh reading after every edit, breaking ones undone again, in a module with a syntax error', async () => {
    const parser = await PythonParser.create(loadGrammarBytes(__dirname));
    const pick = random(12);
    // A syntax error up top, and module-level blocks holding classes and imports.
    let text = moduleWithError(600).replace('\nclass ProductionConfig:', '\nif DEBUG:\n    import os.path\n\n    class Local(ProductionConfig):\n        pass\n\n\nclass ProductionConfig:');
    const document = new ParsedDocument(parser, text, 0);
    let previous: RunState | undefined;
    // Mostly edits that keep the rest of the module whole: a breaking one now and then.
    const valid = Object.values(VALID_EDITS);
    const breaking = Object.values(BREAKING_EDITS);
    let reused = 0;
    let undo: { start: number; end: number; text: string } | undefined;
    try {
      for (let step = 0; step < 80; step++) {
        const changes = document.takeChanges();
        const root = document.syntaxTree.rootNode;
        // The outline read from the previous one, before the model checks its nodes (and would read afresh where one is missing).
        if (!changes.fresh && previous?.outline) {
          const kept = readOutline(root, text, { previous: previous.outline, edits: changes.edits, dirty: changes.dirty }).entries;
          assert.deepEqual(kept.map(plain), readOutline(root, text).entries.map(plain), `step ${step}: the outline`);
          reused++;
        }
        const { state, model } = runRules(text, document.syntaxTree, document.lines, RULES, settings, { previous, changes });
        assert.deepEqual(moduleShape(model), moduleShape(new FlaskModel(root, text)), `step ${step}`);
        previous = state;
        // A breaking edit is undone at the next step, as a bracket typed and deleted again.
        const breaks = !undo && pick() < 0.2;
        const makers = breaks ? breaking : valid;
        const edit = undo ?? makers[Math.floor(pick() * makers.length)]!(text, pick);
        undo = breaks && edit ? { start: edit.start, end: edit.start + edit.text.length, text: text.slice(edit.start, edit.end) } : undefined;
        if (!edit) continue;
        document.applyChanges([{ range: { start: edit.start, end: edit.end }, text: edit.text }], step + 1);
        text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
      }
    } finally {
      document.dispose();
    }
    assert.ok(reused > 40, `most analyses read the outline from the previous one (${reused})`);
  });
});

describe('LineIndex.edited', () => {
  test('equals an index built from scratch, across LF, CRLF and CR edits', () => {
    const pick = random(42);
    const pieces = ['a', 'bc', '\n', '\r\n', '\r', 'é', '😀', ''];
    let text = 'x = 1\r\ny = 2\nz = 3\r';
    let index = new LineIndex(text);
    for (let step = 0; step < 2000; step++) {
      const start = Math.floor(pick() * (text.length + 1));
      const end = Math.min(text.length, start + Math.floor(pick() * 3));
      const inserted = Array.from({ length: Math.floor(pick() * 3) }, () => pieces[Math.floor(pick() * pieces.length)]).join('');
      const next = text.slice(0, start) + inserted + text.slice(end);
      index = index.edited(next, start, end, inserted.length);
      text = next;
      const expected = new LineIndex(text);
      assert.equal(index.lineCount, expected.lineCount, `step ${step}`);
      for (let line = 0; line < expected.lineCount; line++) assert.equal(index.lineStart(line), expected.lineStart(line), `step ${step}, line ${line}`);
    }
  });
});

/** `text` parsed afresh, then edited (`[start, end)` replaced by `inserted`) and reparsed from that tree, as an open document is. */
function editAndReparse(parser: PythonParser, text: string, start: number, end: number, inserted: string): { old: Tree; tree: Tree; newText: string } {
  const newText = text.slice(0, start) + inserted + text.slice(end);
  const old = parser.parse(text);
  const lines = new LineIndex(text);
  const point = (offset: number) => ({ row: lines.lineOf(offset), column: offset - lines.lineStart(lines.lineOf(offset)) });
  const startPoint = point(start);
  const lastBreak = Math.max(inserted.lastIndexOf('\n'), inserted.lastIndexOf('\r'));
  const newEndPoint = lastBreak < 0 ? { row: startPoint.row, column: startPoint.column + inserted.length } : { row: startPoint.row + inserted.split(/\r\n|\r|\n/).length - 1, column: inserted.length - lastBreak - 1 };
  old.edit(makeEdit(start, end, start + inserted.length, startPoint, point(end), newEndPoint));
  return { old, tree: parser.parse(newText, old), newText };
}

describe('where an edit changed the tree, without comparing the trees', () => {
  test("editedNode holds every range tree-sitter's comparison reports, over thousands of random edits", async () => {
    const parser = await PythonParser.create(loadGrammarBytes(__dirname));
    const pick = random(20261205);
    const texts = [flaskModule(120), cleanFunctions(60), ...FIXTURE_TEXTS];
    // Keystrokes that keep a statement whole, and ones that reshape what follows them.
    const typed = ['x', 'ab', ' ', '\n', '\n    ', '"', "'", '"""', '(', ')', '[', ']', ':', '#', '\\', ',', '\t', 'é', '😀', '0', '.'];
    let applied = 0;
    let tried = 0;
    for (let round = 0; round < 2500; round++) {
      const text = texts[Math.floor(pick() * texts.length)]!;
      const start = Math.floor(pick() * (text.length + 1));
      const end = pick() < 0.3 ? Math.min(text.length, start + 1 + Math.floor(pick() * 3)) : start;
      const inserted = pick() < 0.2 ? '' : typed[Math.floor(pick() * typed.length)]!;
      if (start === end && inserted === '') continue;
      const { old, tree } = editAndReparse(parser, text, start, end, inserted);
      try {
        if (old.rootNode.hasError || tree.rootNode.hasError) continue;
        tried++;
        const within = editedNode(old.rootNode, tree.rootNode, { start, end: start + inserted.length });
        if (!within) continue;
        applied++;
        for (const range of old.getChangedRanges(tree)) {
          assert.ok(within.start <= range.startIndex && range.endIndex <= within.end, `round ${round}: ${JSON.stringify(inserted)} at ${start}: changed ${range.startIndex}-${range.endIndex} outside ${within.start}-${within.end}`);
        }
      } finally {
        old.delete();
        tree.delete();
      }
    }
    // Most edits of valid code stay inside one statement: the shortcut is taken, and tested, often.
    assert.ok(applied > tried / 3, `the shortcut applied to ${applied} of ${tried} edits of valid code`);
  });
});

describe('a reparse checked around an edit far from a syntax error', () => {
  /** The reparse and every range where it changed, the edit's among them; deleted after `use`. */
  function reparsed<T>(parser: PythonParser, text: string, start: number, end: number, inserted: string, use: (tree: Tree, old: Tree, newText: string, changed: OffsetRange[]) => T): T {
    const { old, tree, newText } = editAndReparse(parser, text, start, end, inserted);
    try {
      const changed = [{ start, end: start + inserted.length }, ...old.getChangedRanges(tree).map((r) => ({ start: r.startIndex, end: r.endIndex }))];
      return use(tree, old, newText, changed);
    } finally {
      old.delete();
      tree.delete();
    }
  }

  /** Parses windows of `text` as the document does, counting them. */
  function countedWindows(parser: PythonParser, text: string): { parseWindow: (window: Parameters<PythonParser['parseRange']>[1]) => Tree; parsed: () => number } {
    let parsed = 0;
    return {
      parseWindow: (window) => {
        parsed++;
        return parser.parseRange(text, window);
      },
      parsed: () => parsed,
    };
  }

  test('a window without errors in either tree goes unparsed only where a fresh parse agrees, over thousands of random edits', async () => {
    const parser = await PythonParser.create(loadGrammarBytes(__dirname));
    const pick = random(20261206);
    const broken = ['def f(:\n', 'x = [1, 2\n', 'if x\n', 'print("a" + \n', "s = 'open\n", 'class C(\n', '    return 1\n', 'def g():\nreturn\n'];
    const texts = [flaskModule(120), cleanFunctions(60), ...FIXTURE_TEXTS];
    const typed = ['x', 'ab', ' ', '\n', '\n    ', '"', "'", '"""', '(', ')', '[', ']', ':', '#', '\\', ',', '\t', 'é', '0', '.', 'def ', '(\n', ')\n'];
    let unparsed = 0;
    let taken = 0;
    for (let round = 0; round < 2500; round++) {
      // One to three broken lines before statements anywhere, then an edit anywhere.
      let text = texts[Math.floor(pick() * texts.length)]!;
      for (let count = 1 + Math.floor(pick() * 3); count > 0; count--) {
        const lineEnd = text.indexOf('\n', Math.floor(pick() * text.length));
        const at = lineEnd < 0 ? text.length : lineEnd + 1;
        text = text.slice(0, at) + broken[Math.floor(pick() * broken.length)]! + text.slice(at);
      }
      const start = Math.floor(pick() * (text.length + 1));
      const end = pick() < 0.3 ? Math.min(text.length, start + 1 + Math.floor(pick() * 3)) : start;
      const inserted = pick() < 0.2 ? '' : typed[Math.floor(pick() * typed.length)]!;
      if (start === end && inserted === '') continue;
      reparsed(parser, text, start, end, inserted, (tree, old, newText, changed) => {
        if (!old.rootNode.hasError && !tree.rootNode.hasError) return;
        const windows = countedWindows(parser, newText);
        if (!reparseEqualsFresh(tree, old.rootNode, newText, changed, windows.parseWindow)) return;
        taken++;
        if (windows.parsed() === 0) unparsed++;
        const fresh = parser.parse(newText);
        try {
          assert.equal(treeShape(tree), treeShape(fresh), `round ${round}: ${JSON.stringify(inserted)} at ${start} (${windows.parsed()} windows parsed)`);
        } finally {
          fresh.delete();
        }
      });
    }
    // Most edits far from an error stay in clean statements: windows go unparsed, and are tested, often.
    assert.ok(unparsed > taken / 4, `no window parsed for ${unparsed} of ${taken} reparses taken as fresh`);
  });

  test('reparses that error recovery shaped unlike a fresh parse (found by random edits) are refused, a window with errors parsed afresh', async () => {
    const parser = await PythonParser.create(loadGrammarBytes(__dirname));
    // Clean statements before, so that the window around the edit is a small part of the text.
    const before = 'a = 1\n'.repeat(40);
    const cases = [
      // A string left open in a statement with errors reaches the window: refused before any parse.
      { text: `${before}\t\treturn """<h1>\n</h1>"""\n\treturn "none"\ndef about():\n`, at: before.length + 28, inserted: ':', windowsParsed: 0 },
      // The window has errors: parsed afresh, it differs.
      { text: `${before}    app.run(  # expect: FLK501\r        port=5000,\r`, at: before.length + 31, inserted: '\n    ', windowsParsed: 1 },
    ];
    for (const { text, at, inserted, windowsParsed } of cases) {
      reparsed(parser, text, at, at, inserted, (tree, old, newText, changed) => {
        const fresh = parser.parse(newText);
        try {
          assert.notEqual(treeShape(tree), treeShape(fresh), `${JSON.stringify(newText)}: the reparse differs from a fresh parse`);
        } finally {
          fresh.delete();
        }
        const windows = countedWindows(parser, newText);
        assert.equal(reparseEqualsFresh(tree, old.rootNode, newText, changed, windows.parseWindow), false, JSON.stringify(newText));
        assert.equal(windows.parsed(), windowsParsed, `${JSON.stringify(newText.slice(before.length))}: windows parsed`);
      });
    }
  });
});
