/**
 * FLK303 across a project: what the finding points at (related information) in the engine, the
 * language server's diagnostics and the CLI's SARIF, and that the module's own payloads are read
 * from its current text, not from what the index last read.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { Engine, type Finding } from '../server/src/engine';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';
import { AnalysisService } from '../server/src/lsp/analysisService';
import { formatSarif } from '../server/src/cli/sarif';
import type { CliFinding } from '../server/src/cli/format';
import { RULES } from '../server/src/rules';
import { settingsWith } from './support/engine';

const USERS = [
  'from flask import Blueprint, jsonify',
  '',
  'bp = Blueprint("users", __name__)',
  '',
  '',
  '@bp.get("/users/<int:user_id>")',
  'def get_user(user_id):',
  '    if user_id < 0:',
  '        return jsonify({"error": "bad id"}), 400',
  '    return jsonify({"error": "not found"}), 404',
  '',
].join('\n');

// A character outside the BMP before the key: UTF-16, UTF-8 and code-point columns differ there.
const ITEMS = [
  'from flask import Blueprint',
  '',
  'bp = Blueprint("items", __name__)',
  '',
  '',
  '@bp.get("/items")',
  'def items():',
  '    return {"hint": "🐍", "error": "gone"}, 410',
  '',
].join('\n');

const ORDERS = [
  'from flask import Blueprint, jsonify',
  '',
  'bp = Blueprint("orders", __name__)',
  '',
  '',
  '@bp.get("/orders/<int:order_id>")',
  'def get_order(order_id):',
  '    return jsonify({"message": "not found"}), 404',
  '',
].join('\n');

const ROOT = 'file:///work/shop/';
const FILES: Record<string, string> = { 'app/users.py': USERS, 'app/items.py': ITEMS, 'app/orders.py': ORDERS };
const settings = settingsWith({ select: ['FLK303'] });

let engine: Engine;
before(async () => {
  // The project's files as a host's reader gives them, by path from the project root.
  engine = await Engine.create(loadGrammarBytes(__dirname), RULES, (path) => FILES[path]);
  for (const [path, text] of Object.entries(FILES)) engine.indexFile(ROOT + path, path, text);
});

function findings(text: string, path = 'app/orders.py'): Finding[] {
  return engine.analyseText(text, settings, (analysis) => analysis.findings, path, ROOT + path);
}

describe('FLK303 inconsistent-error-format', () => {
  test('the minority payload points at the majority key in the other modules, by project path and range', () => {
    const [finding, ...others] = findings(ORDERS);
    assert.equal(others.length, 0);
    assert.equal(ORDERS.slice(finding!.range.start, finding!.range.end), '"message"');
    assert.match(finding!.message, /3 of the project's 4 error payloads use `error`/);
    const related = finding!.related ?? [];
    assert.deepEqual(
      related.map((r) => [r.path, FILES[r.path]!.slice(r.range.start, r.range.end)]),
      [
        ['app/items.py', '"error"'],
        ['app/users.py', '"error"'],
        ['app/users.py', '"error"'],
      ],
    );
  });

  test("the module's own payloads come from its current text, not from the index", () => {
    // The index read `message`; the text now says `error`: nothing to report.
    assert.deepEqual(findings(ORDERS.replace('"message"', '"error"')), []);
    // And a module the index never read is checked against the project all the same.
    const fresh = findings(ORDERS, 'app/new.py');
    assert.equal(fresh.length, 1);
  });

  test('a majority module is not reported; a project without an index reports nothing', () => {
    assert.deepEqual(findings(USERS, 'app/users.py'), []);
    assert.deepEqual(engine.analyseText(ORDERS, settings, (analysis) => analysis.findings, 'app/orders.py'), []);
  });

  test('the language server turns related places into locations of the same workspace folder, in the negotiated encoding', () => {
    const service = new AnalysisService(engine);
    const uri = `${ROOT}app/orders.py`;
    service.notify({ kind: 'open', uri, text: ORDERS, version: 1, path: 'app/orders.py' });
    try {
      for (const [encoding, column] of [['utf-16', 26], ['utf-8', 28]] as const) {
        const response = service.request({ kind: 'analyse', uri, version: 1, settings, encoding });
        assert.equal(response.kind, 'analysis');
        const related = response.kind === 'analysis' ? response.result.findings[0]?.related : undefined;
        assert.deepEqual(related?.[0], {
          location: { uri: `${ROOT}app/items.py`, range: { start: { line: 7, character: column }, end: { line: 7, character: column + 7 } } },
          message: '`error` carries the message here',
        });
        assert.equal(related?.[1]?.location.uri, `${ROOT}app/users.py`);
      }
    } finally {
      service.notify({ kind: 'close', uri });
    }
  });

  test("a file nobody opened is re-checked when another module's payload keys change, not when other facts do", () => {
    const index = engine.projects.indexOf({ location: `${ROOT}app/orders.py`, path: 'app/orders.py' })!;
    const key = () => index.dependencyKey('app/orders.py');
    const before = key();
    engine.indexFile(`${ROOT}app/extra.py`, 'app/extra.py', 'import os\n');
    assert.equal(key(), before, 'a module without payloads changes nothing');
    engine.indexFile(`${ROOT}app/users.py`, 'app/users.py', USERS.replaceAll('"error"', '"message"'));
    assert.notEqual(key(), before, 'the keys the project uses changed');
    engine.indexFile(`${ROOT}app/users.py`, 'app/users.py', USERS);
    engine.forgetFile(`${ROOT}app/extra.py`, 'app/extra.py');
    assert.equal(key(), before);
  });

  test("with several apps, a payload is compared with its own app's, and a file nobody opened follows only them", () => {
    const root = 'file:///work/services/';
    /** A service's package: its factory and two error handlers answering `key`. */
    const service = (key: string, status = 404) =>
      [
        'from flask import Flask, jsonify',
        '',
        '',
        'def create_app():',
        '    app = Flask(__name__)',
        '',
        `    @app.errorhandler(${status})`,
        '    def failed(e):',
        `        return jsonify({"${key}": "failed"}), ${status}`,
        '',
        '    @app.errorhandler(500)',
        '    def crashed(e):',
        `        return jsonify({"${key}": "crashed"}), 500`,
        '',
        '    return app',
        '',
      ].join('\n');
    const index = (path: string, text: string) => engine.indexFile(root + path, path, text);
    const check = (path: string, text: string) => engine.analyseText(text, settings, (a) => a.findings.map((f) => f.message), path, root + path);
    const views = ['from flask import jsonify', '', '', 'def missing():', '    return jsonify({"error": "gone"}), 410', ''].join('\n');
    index('billing/__init__.py', service('error'));
    index('billing/more.py', views);
    index('catalog/__init__.py', service('message'));
    index('catalog/views.py', views);
    assert.deepEqual(check('catalog/__init__.py', service('message')), [], 'billing answers `error`, but it is another app');
    assert.deepEqual(check('catalog/views.py', views), ["This error payload carries its message in `error`, while 2 of the app's 3 error payloads use `message`: clients that read `message` miss it"]);
    const projectIndex = engine.projects.indexOf({ location: `${root}catalog/views.py`, path: 'catalog/views.py' })!;
    const key = () => projectIndex.dependencyKey('catalog/views.py');
    const before = key();
    index('billing/__init__.py', service('detail'));
    assert.equal(key(), before, "another app's payloads change nothing");
    index('catalog/__init__.py', service('detail'));
    assert.notEqual(key(), before, "its own app's payloads changed");
    // A module under no app's folder is compared with nothing.
    const shared = views.replace('"error"', '"reason"');
    index('shared/errors.py', shared);
    assert.deepEqual(check('shared/errors.py', shared), []);
  });

  test('SARIF gives each related place as a relatedLocation', () => {
    const finding: CliFinding = {
      file: 'app/orders.py', line: 8, column: 21, endLine: 8, endColumn: 30, code: 'FLK303', slug: 'inconsistent-error-format', severity: 'info',
      message: 'm', fixable: false, fix: undefined, fixRefused: undefined, sourceLine: '',
      related: [{ file: 'app/items.py', line: 8, column: 25, endLine: 8, endColumn: 32, message: 'r' }],
    };
    const sarif = JSON.parse(formatSarif([finding], RULES, '0.0.0', '/work/shop'));
    assert.deepEqual(sarif.runs[0].results[0].relatedLocations, [
      { id: 0, physicalLocation: { artifactLocation: { uri: 'app/items.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 8, startColumn: 25, endLine: 8, endColumn: 32 } }, message: { text: 'r' } },
    ]);
  });
});
