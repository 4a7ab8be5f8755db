/**
 * fast-check generators for the property tests and the fuzzer: the rule fixtures, random
 * Flask-flavoured Python modules (apps, routes, config writes, extensions, guards, classes,
 * broken brackets, deep nesting, CRLF, tabs, emoji), and random edits at raw UTF-16 offsets,
 * which may land inside a surrogate pair or between the `\r` and `\n` of a line break.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { flaskModule } from '../../bench/generate';

const FIXTURES_DIR = join(__dirname, '..', 'fixtures');

/** Every fixture, `.fixed.py` snapshots included: real code the rules were written against. */
export const FIXTURE_TEXTS: readonly string[] = readdirSync(FIXTURES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(join(FIXTURES_DIR, d.name))
      .filter((f) => f.endsWith('.py'))
      .sort()
      .map((f) => readFileSync(join(FIXTURES_DIR, d.name, f), 'utf8')),
  );

// ---------------------------------------------------------------------------------------------
// Python fragments

/** A statement tree, rendered later with one indentation unit and one line ending. */
export type Statement = { line: string } | { header: string; body: Statement[]; after?: { header: string; body: Statement[] }[] };

/** `APP` in a template stands for the module's app name, chosen per module. */
const APP = 'APP';
const appNames = ['app', 'application', 'flask_app', 'server', 'приложение', 'app_é'];
const literal = fc.constantFrom('"dev"', "'s3cr3t'", 'b"bytes-key"', 'f"fixed"', '"é漢😀"', '"a" "b"', '("paren")', '""', '"""multi\nline"""', 'os.environ["K"]', 'None', '"a"  # comment');
const truth = fc.constantFrom('True', 'True', 'False', '1', 'os.environ.get("FLASK_DEBUG") == "1"');
const constructor = fc.constantFrom('Flask', 'Flask', 'flask.Flask', 'F');

const validLine = fc.oneof(
  fc.constantFrom(
    'from flask import Flask',
    'from flask import Flask as F',
    'from flask import Blueprint, current_app, jsonify',
    'import flask',
    'import os',
    'from flask_sqlalchemy import SQLAlchemy',
    'from flask_migrate import Migrate',
    'from flask_login import LoginManager',
    'from flask_caching import Cache',
    'from flask_restful import Api',
    'from flask_socketio import SocketIO',
    'from .factory import create_app',
    'import os, sys',
    'pass',
    'print("hello")',
    'x = 1; y = 2',
    'bp = Blueprint("bp", __name__)',
    'socketio = SocketIO()',
    '# a comment with é and 😀',
    '# noqa',
    '# flask-practices: noqa: FLK501',
    '"""A docstring."""',
    's = """first\nsecond APP.run(debug=True)\n  third"""',
    'items = [\n    1,\n]',
    'value = (1 +\n    2)',
    'long = 1 + \\\n    2',
  ),
  fc.tuple(constructor, fc.constantFrom('__name__', '__name__, static_folder="s"', '"name"', '\n    __name__,\n')).map(([c, args]) => `APP = ${c}(${args})`),
  fc.constantFrom('APP = create_app()', 'APP = Flask(__name__)  # the app', 'APP: Flask = Flask(__name__)'),
  literal.map((v) => `APP.config["SECRET_KEY"] = ${v}`),
  literal.map((v) => `APP.secret_key = ${v}`),
  truth.map((v) => `APP.config["DEBUG"] = ${v}`),
  truth.map((v) => `APP.debug = ${v}`),
  fc.tuple(literal, truth).map(([k, d]) => `APP.config.update(SECRET_KEY=${k}, DEBUG=${d})`),
  literal.map((k) => `APP.config.from_mapping(SECRET_KEY=${k}, TESTING=True)`),
  literal.map((k) => `APP.config.update({"SECRET_KEY": ${k}})`),
  fc.constant('APP.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///x.db"'),
  fc.constantFrom('"postgresql://localhost/prod"', '"redis://:pw@cache:6379/0"', 'f"mysql://u:p@{host}/db"', '"sqlite:////srv/app.db"', '"postgresql:" "//u:p@db/app"', 'os.environ.get("DATABASE_URL", "postgresql://u:p@db/app")', 'os.getenv("X") or "amqp://u:p@mq//"').map((v) => `APP.config["SQLALCHEMY_DATABASE_URI"] = ${v}`),
  fc.constantFrom('REDIS_URL="redis://cache:6379/0"', 'TESTING=True, REDIS_URL="redis://cache:6379/0"', '{"MONGO_URI": "mongodb://u:p@mongo/app"}').map((args) => `APP.config.update(${args})`),
  fc.constantFrom('db = SQLAlchemy(APP)', 'migrate = Migrate(APP, db)', 'login = LoginManager(APP)', 'cache = Cache(APP, config={"CACHE_TYPE": "SimpleCache"})', 'api = Api(APP)', 'Migrate(APP, db)', 'db = SQLAlchemy(app=APP)', 'x = [SQLAlchemy(APP)]', 'db = SQLAlchemy(APP); x = 1'),
  fc.constantFrom('', 'debug=True', 'host="0.0.0.0", port=5000, debug=True', 'debug=False', '**options', 'debug=True,', '\n    debug=True,\n').map((args) => `APP.run(${args})`),
  fc.constantFrom('create_app().run(debug=True)', 'Flask(__name__).run()', 'socketio.run(APP, debug=True)', 'APP.run(); print(1)', 'APP.run()  # noqa: FLK501', 'APP.run(debug=True)  # noqa: FLK502, FLK501', 'APP.run()  # trailing comment'),
  fc.constantFrom('APP.register_blueprint(bp)', 'global APP', 'return APP', 'del APP'),
  // FLK504: redirects to the routes the block headers declare, and a blueprint with a prefix.
  fc.constantFrom('from flask import redirect, url_for', 'r = redirect("/")', 'r = redirect("/x/1")', 'r = redirect("/p/b")', 'r = redirect("/x/01")', 'bp = Blueprint("bp", __name__, url_prefix="/p")'),
  // FLK401: module-level containers and the mutations a view's body may hold; FLK403: request globals outside a request.
  fc.constantFrom('_cache = {}', 'EVENTS = []', 'SEEN = set()', '_cache[k] = 1', 'EVENTS.append(1)', 'SEEN.add(1)', 'del _cache["k"]', 'return _cache[k]', 'from flask import request, g', 'x = request.args', 'user = g.user'),
  // FLK301 and FLK302: error responses built by hand, and the pieces their fix reuses.
  fc.constantFrom('return jsonify({"error": "x"}), 404', 'return {"message": "bad", "id": 1}, 400', 'return make_response(jsonify(error="x"), 500)', 'return jsonify(error="x"), HTTPStatus.NOT_FOUND', 'from flask import make_response', 'from http import HTTPStatus', 'class APIError(Exception):\n    pass'),
);

/** Broken and Python 2 code, as half-typed files have it. */
const brokenLine = fc.constantFrom('APP.run(', 'x = [1, 2', 'def f(:', ')', '"""unterminated', 'if True', 'class :', 'APP = Flask(__name__', 'print "x"', 'except E, e:', 'lambda: (', "'", '{', '\\', 'exec "code"', 'APP.config[', '@', 'def', '0x', '`x`', 'APP.run(debug=True');

const simpleLine = fc.oneof({ weight: 40, arbitrary: validLine }, { weight: 1, arbitrary: brokenLine });

const blockHeader = fc.oneof(
  { weight: 24, arbitrary: fc.constantFrom(
    'if __name__ == "__main__":',
    'if __name__ == "__main__":',
    "if '__main__' == __name__:",
    'if DEBUG:',
    'try:',
    'with APP.app_context():',
    'for i in range(3):',
    'while False:',
    'def create_app():',
    'def create_app(test_config=None):',
    'def make_app():',
    'def helper(app):',
    'def test_app():',
    'async def view():',
    'class Config:',
    'class Config(object):',
    'class ProductionConfig(Config):',
    'class DevelopmentConfig:',
    'class TestingConfig(Config):',
    'class Settings(BaseSettings):',
    'class Model(db.Model):',
    'if k not in _cache:',
    'with lock:',
  ) },
  { weight: 9, arbitrary: fc.constantFrom('@APP.route("/")\ndef index():', '@APP.get("/x/<int:id>")\ndef x(id):', '@APP.errorhandler(404)\ndef not_found(e):', '@bp.route("/b")\ndef b():') },
  { weight: 1, arbitrary: fc.constantFrom('if (', 'def broken(:', 'class X(') },
);

const classLine = fc.constantFrom('DEBUG = True', 'SECRET_KEY = "abc"', 'TESTING = True', 'SQLALCHEMY_DATABASE_URI = "sqlite://"', 'SECRET_KEY = os.environ["SECRET_KEY"]', 'SQLALCHEMY_DATABASE_URI = "postgresql://u:p@db/app"', 'REDIS_URL = "redis://cache:6379/0"');

/** A statement tree of bounded depth. */
export const statement: fc.Arbitrary<Statement> = fc.letrec<{ stmt: Statement; block: Statement }>((tie) => ({
  stmt: fc.oneof({ depthSize: 'small', withCrossShrink: true }, { arbitrary: simpleLine.map((line) => ({ line })), weight: 5 }, { arbitrary: classLine.map((line) => ({ line })), weight: 1 }, { arbitrary: tie('block'), weight: 2 }),
  block: fc
    .tuple(blockHeader, fc.array(tie('stmt'), { minLength: 0, maxLength: 4 }), fc.boolean())
    .map(([header, body, withElse]): Statement => {
      const after = header === 'try:' ? [{ header: 'except Exception:', body: [{ line: withElse ? 'return jsonify(error="failed"), 500' : 'pass' }] }] : withElse && header.startsWith('if ') ? [{ header: 'else:', body: body.slice(0, 1) }] : [];
      // Now and then a view answers an error itself (FLK302).
      if (withElse && header.includes('.route(')) body = [{ header: 'if DEBUG:', body: [{ line: 'return {"error": "x", "id": 1}, 404' }] }, ...body];
      return after.length > 0 ? { header, body, after } : { header, body };
    }),
})).stmt;

export interface Layout {
  indent: string;
  eol: string;
}

export const layout: fc.Arbitrary<Layout> = fc.record({
  indent: fc.constantFrom('    ', '    ', '  ', '\t'),
  eol: fc.constantFrom('\n', '\n', '\r\n'),
});

/** Renders statements; an empty block gets `pass` so the structure stays valid where the lines are. */
export function render(statements: readonly Statement[], { indent, eol }: Layout, depth = 0): string {
  const prefix = indent.repeat(depth);
  let out = '';
  for (const s of statements) {
    if ('line' in s) {
      out += s.line.split('\n').map((l, i) => (i === 0 ? prefix + l : l)).join(eol) + eol;
      continue;
    }
    const body = s.body.length > 0 ? s.body : [{ line: 'pass' }];
    out += s.header.split('\n').map((l) => prefix + l).join(eol) + eol + render(body, { indent, eol }, depth + 1);
    for (const clause of s.after ?? []) out += prefix + clause.header + eol + render(clause.body.length > 0 ? clause.body : [{ line: 'pass' }], { indent, eol }, depth + 1);
  }
  return out;
}

/** A random module: a typical Flask preamble (sometimes) then random statements, with one app name. */
export const generatedModule: fc.Arbitrary<string> = fc
  .tuple(fc.boolean(), fc.array(statement, { minLength: 1, maxLength: 12 }), layout, fc.boolean(), fc.constantFrom(...appNames), fc.boolean())
  .map(([preamble, body, style, finalEol, name, mixNames]) => {
    const head: Statement[] = preamble ? [{ line: 'import os' }, { line: 'from flask import Flask' }, { line: 'from flask_sqlalchemy import SQLAlchemy' }, { line: '' }, { line: `${APP} = Flask(__name__)` }] : [];
    let text = render([...head, ...body], style);
    // Now and then a second name, so some references are not the app.
    let uses = 0;
    text = text.replaceAll(APP, () => (mixNames && uses++ % 3 === 2 ? 'other' : name));
    return finalEol ? text : text.replace(/(\r\n|\n)$/, '');
  });

/** Deep nesting: brackets, blocks or attribute chains hundreds of levels deep around Flask code. */
export const deeplyNested: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('brackets', 'blocks', 'calls', 'attributes', 'strings'), fc.integer({ min: 1, max: 300 }), fc.boolean())
  .map(([kind, depth, closed]) => {
    const head = 'from flask import Flask\napp = Flask(__name__)\n';
    switch (kind) {
      case 'brackets':
        return `${head}x = ${'(['.repeat(depth)}app.run(debug=True)${closed ? '])'.repeat(depth) : ''}\n`;
      case 'blocks': {
        let text = head;
        for (let i = 0; i < Math.min(depth, 120); i++) text += `${' '.repeat(i)}if True:\n`;
        return `${text}${' '.repeat(Math.min(depth, 120))}app.run(debug=True)\n`;
      }
      case 'calls':
        return `${head}${'f('.repeat(depth)}app${closed ? ')'.repeat(depth) : ''}\napp.run()\n`;
      case 'attributes':
        return `${head}${'app.'.repeat(depth)}run(debug=True)\napp.config["SECRET_KEY"] = ${'('.repeat(depth)}"k"${')'.repeat(closed ? depth : 0)}\n`;
      default:
        return `${head}app.secret_key = ${'"a" '.repeat(depth)}\n`;
    }
  });

// ---------------------------------------------------------------------------------------------
// Edits

/** Lone surrogates, emoji, line breaks, brackets, Flask snippets: the text an edit inserts. */
export const insertedText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('(', ')', '[', ']', '{', '}', ':', ',', '"', "'", '"""', '#', '\\', ' ', '    ', '\t', '\n', '\r\n', '\r', '\0', '=', '.', 'x', '\uFEFF') },
  { weight: 2, arbitrary: fc.constantFrom('\uD83D', '\uDE00', '😀', 'é', '漢', '\u200B', '\uFFFD', '𝔘') },
  { weight: 2, arbitrary: fc.constantFrom('app.run()', 'debug=True', 'app = Flask(__name__)', 'SECRET_KEY', '"key"', '  # noqa', '  # noqa: FLK501', 'if __name__ == "__main__":\n    ', 'def create_app():\n', 'db = SQLAlchemy(app)\n', 'import os\n') },
  { weight: 1, arbitrary: simpleLine.map((l) => `${l.replaceAll(APP, 'app')}\n`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 3 }) },
);

/** An edit at a relative position, so it applies to any text: offsets are raw UTF-16 units. */
export interface Mutation {
  at: number;
  deleteLength: number;
  insert: string;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  deleteLength: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 4, max: 80 }) }),
  insert: fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 3, arbitrary: insertedText }),
});

/** Where a mutation lands in `text`: a raw UTF-16 offset, possibly inside a surrogate pair. */
export function mutationRange(text: string, m: Mutation): { start: number; end: number } {
  const start = Math.min(text.length, Math.floor(m.at * (text.length + 1)));
  return { start, end: Math.min(text.length, start + m.deleteLength) };
}

export function applyMutation(text: string, m: Mutation): string {
  const { start, end } = mutationRange(text, m);
  return text.slice(0, start) + m.insert + text.slice(end);
}

// ---------------------------------------------------------------------------------------------
// Sources for the properties

export const fixtureText: fc.Arbitrary<string> = fc.constantFrom(...FIXTURE_TEXTS);

/** A fixture or a generated module, as written. */
export const wellFormedSource: fc.Arbitrary<string> = fc.oneof({ weight: 2, arbitrary: fixtureText }, { weight: 3, arbitrary: generatedModule });

/** Any source: fixtures and generated modules, mutated or not, and deep nesting. */
export const anySource: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: wellFormedSource },
  {
    weight: 3,
    arbitrary: fc.tuple(wellFormedSource, fc.array(mutation, { minLength: 1, maxLength: 5 })).map(([text, ms]) => ms.reduce(applyMutation, text)),
  },
  { weight: 1, arbitrary: deeplyNested },
);

// ---------------------------------------------------------------------------------------------
// LSP-style changes

export interface LspChangeSpec {
  /** Replace the whole text with this (a change without a range). */
  fullText?: string;
  mutation: Mutation;
  /** Push the end position past its line's end (or the start line past the document), as a careless client might. */
  overshoot: 'none' | 'character' | 'line';
}

export const lspChange: fc.Arbitrary<LspChangeSpec> = fc.record({
  fullText: fc.option(wellFormedSource, { freq: 25, nil: undefined }),
  mutation,
  overshoot: fc.constantFrom('none', 'none', 'none', 'none', 'none', 'none', 'character', 'line'),
}).map((spec) => (spec.fullText === undefined ? { mutation: spec.mutation, overshoot: spec.overshoot } : spec));

/** One didChange notification: its changes, and whether the host analyses after it. */
export interface LspNotificationSpec {
  changes: LspChangeSpec[];
  analyseAfter: boolean;
}

export const lspNotifications: fc.Arbitrary<LspNotificationSpec[]> = fc.array(
  fc.record({ changes: fc.array(lspChange, { minLength: 1, maxLength: 3 }), analyseAfter: fc.boolean() }),
  { minLength: 1, maxLength: 8 },
);

// ---------------------------------------------------------------------------------------------
// A syntax error elsewhere, and typing

/**
 * Lines half typed, as a file being edited has one most of the time: unclosed brackets, a
 * header without its colon, and strings left open, which a quote typed far below can close.
 */
const halfTypedLine = fc.constantFrom(
  'def f(:',
  'x = [1, 2',
  'x = {',
  'app.run(',
  'app.config[',
  'class A(',
  'if True',
  'for item in',
  '@app.route("/x"',
  'return jsonify(items=',
  'print "x"',
  "s = 'open",
  "data = '''open",
  'doc = """open',
  'msg = f"{value',
  'msg = f"""{value}',
  'raw = r"\\',
);

/** Several generated modules or fixtures end to end, or the benchmark's module: files with room for edits far from an error. */
export const longerSource: fc.Arbitrary<string> = fc.oneof(
  fc.array(generatedModule, { minLength: 2, maxLength: 5 }).map((modules) => modules.join('\n')),
  fc.array(fixtureText, { minLength: 2, maxLength: 4 }).map((texts) => texts.join('\n')),
  fc.integer({ min: 40, max: 200 }).map(flaskModule),
);

/** A place in a text, as a fraction of its length, spread evenly: fast-check's doubles favour 0 and 1. */
const evenly = fc.noBias(fc.double({ min: 0, max: 1, noNaN: true }));

/** A longer source with a half-typed line at the start of one of its lines, indented like that line. */
export const sourceWithError: fc.Arbitrary<string> = fc
  .tuple(longerSource, halfTypedLine, evenly)
  .map(([text, broken, at]) => {
    const starts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)];
    const start = starts[Math.floor(at * starts.length)]!;
    const indent = /^[ \t]*/.exec(text.slice(start))![0];
    return `${text.slice(0, start)}${indent}${broken}\n${text.slice(start)}`;
  });

/** What a keystroke types: mostly characters, sometimes the closing half of a bracket or a string. */
const typedText = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('x', 'a', '_', '1', ' ', '.', ',', '=', '(', ')', '[', ']', '{', '}', ':', '"', "'", '\n', '\n    ', '#') },
  { weight: 1, arbitrary: fc.constantFrom('"""', "'''", 'def f(:', 'app.run(debug=True)\n', 'SECRET_KEY = "k"\n', '\\') },
);

/** Fragments that break code in many ways at once: where error recovery is most likely to differ after a reparse. */
const breakingText = fc.constantFrom('def f(:', 'if x', 'else:', 'elif y:', 'try:', 'except:', '@', 'class A(', 'return', 'lambda', 'f"', 'async ', 'with a as b:', 'print "x"', '`', '$', ';', 'not', '**', '\t', '\n\n', '\n    ');

/**
 * Keystrokes around one place, as typing is: each edit lands a little before or after the one
 * before it (positions are fractions of the text, so a little is a few characters in a short
 * file and more in a long one). The host analyses after most notifications, as it does when
 * typing pauses.
 */
export const typingNotifications: fc.Arbitrary<LspNotificationSpec[]> = fc
  .tuple(
    evenly,
    fc.array(
      fc.record({
        steps: fc.array(
          fc.record({
            move: fc.noBias(fc.double({ min: -0.004, max: 0.006, noNaN: true })),
            deleteLength: fc.constantFrom(0, 0, 0, 1, 2),
            insert: fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 4, arbitrary: typedText }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        analyseAfter: fc.constantFrom(true, true, true, false),
      }),
      { minLength: 1, maxLength: 12 },
    ),
  )
  .map(([start, notifications]) => {
    let at = start;
    return notifications.map(({ steps, analyseAfter }) => ({
      analyseAfter,
      changes: steps.map(({ move, deleteLength, insert }): LspChangeSpec => {
        at = Math.min(1, Math.max(0, at + move));
        return { mutation: { at, deleteLength, insert }, overshoot: 'none' };
      }),
    }));
  });

/**
 * Bursts of edits anywhere in the text, most of them breaking it: each analysed, as when a file
 * is pasted into and reshaped in several places at once.
 */
export const scatteredNotifications: fc.Arbitrary<LspNotificationSpec[]> = fc.array(
  fc.record({
    changes: fc.array(
      fc.record({
        mutation: fc.record({
          at: evenly,
          deleteLength: fc.constantFrom(0, 0, 0, 1, 3, 8),
          insert: fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 3, arbitrary: typedText }, { weight: 3, arbitrary: breakingText }),
        }),
        overshoot: fc.constant('none' as const),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    analyseAfter: fc.constantFrom(true, true, true, false),
  }),
  { minLength: 1, maxLength: 30, size: 'medium' },
);

/** A large, valid Flask module of about `bytes` characters with one finding per rule near the top and the end. */
export function largeFlaskModule(bytes: number): string {
  const head = [
    'import os',
    'from flask import Blueprint, Flask, jsonify',
    'from flask_sqlalchemy import SQLAlchemy',
    '',
    'app = Flask(__name__)',
    'app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///big.db"',
    'app.config["SECRET_KEY"] = "not-secret"',
    'db = SQLAlchemy(app)',
    '',
  ].join('\n');
  const block = (i: number) =>
    [
      '',
      `bp${i} = Blueprint("bp${i}", __name__)`,
      '',
      '',
      `class Item${i}(db.Model):`,
      '    id = db.Column(db.Integer, primary_key=True)',
      '    name = db.Column(db.String(80), nullable=False)',
      '',
      '',
      `@bp${i}.route("/items/${i}")`,
      `def list_items_${i}():`,
      `    """Lists items of kind ${i}: é漢😀."""`,
      `    return jsonify([item.name for item in Item${i}.query.all()])`,
      '',
      `app.register_blueprint(bp${i})`,
      '',
    ].join('\n');
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < bytes - 40; i++) {
    const next = block(i);
    parts.push(next);
    size += next.length;
  }
  parts.push('\n\napp.run(debug=True)\n');
  return parts.join('');
}

/**
 * Text that is not (valid) Python, for the server and the CLI: each must be survived, and nothing
 * inside an ERROR node reported. `codes`, when given, are the findings expected.
 */
export const BAD_INPUTS: Record<string, { text: string; codes?: string[] }> = {
  'binary junk and replacement characters': { text: 'from flask import Flask\n\uFFFD\uFFFD\u0001\u0002\u007f\uFEFF\nELF\u0000\u0000\napp = Flask(__name__)\napp.run()\n', codes: ['FLK101', 'FLK501'] },
  'lone surrogates': { text: 'from flask import Flask\napp = Flask(__name__)\nx = "\uD800"\n\uDFFF\napp.run()\n', codes: ['FLK101', 'FLK501'] },
  'a NUL byte': { text: 'from flask import Flask\napp = Flask(__name__)\u0000\napp.run()\napp.config["SECRET_KEY"] = "k"\n', codes: [] },
  'an empty file': { text: '', codes: [] },
  'only comments': { text: '# app = Flask(__name__)\n# app.run(debug=True)\n#\n# flask-practices: noqa\n#!/usr/bin/env python\n', codes: [] },
  '500 nested brackets': { text: `from flask import Flask\napp = Flask(__name__)\nx = ${'['.repeat(500)}app.run(debug=True)${']'.repeat(500)}\n`, codes: ['FLK101', 'FLK501', 'FLK502'] },
  '500 unclosed brackets': { text: `from flask import Flask\napp = Flask(__name__)\nx = ${'('.repeat(500)}app.run(debug=True)\napp.secret_key = "k"\n`, codes: [] },
  '500 nested blocks': {
    text: `from flask import Flask\napp = Flask(__name__)\n${Array.from({ length: 500 }, (_, i) => `${' '.repeat(i)}if True:\n`).join('')}${' '.repeat(500)}app.run(debug=True)\n`,
    codes: ['FLK101', 'FLK501', 'FLK502'],
  },
  'a 100,000-character line': { text: `from flask import Flask\napp = Flask(__name__)\napp.config["SECRET_KEY"] = "${'k'.repeat(100_000)}"\n`, codes: ['FLK101', 'FLK503'] },
  'Python 2 syntax': {
    text: 'from flask import Flask\napp = Flask(__name__)\nprint "starting"\ntry:\n    import json\nexcept ImportError, e:\n    pass\nexec "app.run()"\nprint >>sys.stderr, "x"\n',
    codes: ['FLK101'],
  },
  'a file mid-edit with unclosed brackets': {
    text: 'from flask import Flask\napp = Flask(__name__)\napp.config.update(\n    SECRET_KEY="abc",\n@app.route("/")\ndef index(:\n    return {"x": [1, 2\napp.run(debug=True\n',
    // The unclosed call swallows the rest: its SECRET_KEY and the app.run below are guesses.
    codes: ['FLK101'],
  },
};
