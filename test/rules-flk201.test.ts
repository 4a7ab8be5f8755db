/**
 * FLK201 (routes on the app) and FLK202 (too many routes in a module): the fix's refusals and
 * its one shared edit list, the route limit as a setting, and the runner keeping no route
 * summaries for a module whose text declares no route.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { fixAvailability, LineIndex, normaliseSettings, type Engine } from '../server/src/engine';
import { runRules } from '../server/src/engine/runner';
import { RULES } from '../server/src/rules';
import { routeOnApp } from '../server/src/rules/route-on-app';
import { routesModuleTooLarge } from '../server/src/rules/routes-module-too-large';
import { settingsWith, testEngine } from './support/engine';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

const module = (...lines: string[]) => lines.join('\n') + '\n';
const APP = ['from flask import Flask, request, url_for, render_template_string', '', 'app = Flask(__name__)', ''];

/** FLK201's findings: line (1-based) and why its fix is refused (undefined: offered). */
function flk201(text: string): { line: number; refused?: string }[] {
  return engine.analyseText(text, settingsWith({ select: ['FLK201'] }), (analysis) =>
    analysis.findings.map((f) => {
      const availability = fixAvailability(f.fix!);
      return { line: analysis.lines.lineOf(f.range.start) + 1, ...(availability.ok ? {} : { refused: availability.reason }) };
    }),
  );
}

describe('FLK201 route-on-app', () => {
  test('one finding per view, on its first route, and every finding carries the same edits', () => {
    const text = module(...APP, '@app.route("/")', '@app.route("/home")', 'def index():', '    return "i"', '', '@app.get("/b")', 'def b():', '    return "b"');
    assert.deepEqual(flk201(text), [{ line: 5 }, { line: 10 }]);
    const edits = engine.analyseText(text, settingsWith({ select: ['FLK201'] }), (a) => a.findings.map((f) => JSON.stringify(f.fix!.edits())));
    assert.equal(new Set(edits).size, 1);
  });

  const refusals: [string, string, RegExp][] = [
    ['a route inside create_app', module('from flask import Flask', '', 'def create_app():', '    app = Flask(__name__)', '', '    @app.route("/")', '    def index():', '        return "i"', '', '    return app'), /inside a function or class/],
    ['request.endpoint read', module(...APP, '@app.route("/")', 'def index():', '    return str(request.endpoint)'), /reads endpoint names/],
    ['a computed url_for endpoint', module(...APP, '@app.route("/")', 'def index():', '    name = "index"', '    return url_for(name)'), /computed/],
    ['a template string calling url_for', module(...APP, '@app.route("/")', 'def index():', '    return render_template_string("{{ url_for(\'index\') }}")'), /template written in a string/],
    ['routes on two apps', module(...APP, 'other = Flask("other")', '', '@app.route("/")', 'def index():', '    return "i"', '', '@other.route("/")', 'def other_index():', '    return "o"'), /more than one app/],
    ['an endpoint with a dot', module(...APP, '@app.route("/", endpoint="a.b")', 'def index():', '    return "i"'), /holds a dot/],
    ['`Blueprint` bound to something else', module(...APP, 'Blueprint = None', '', '@app.route("/")', 'def index():', '    return "i"'), /`Blueprint` names something else/],
    ['a URL mapped to a moving endpoint without a view', module(...APP, '@app.route("/home")', 'def index():', '    return "i"', '', 'app.add_url_rule("/", endpoint="index")'), /the module maps a URL to the endpoint `index` without a view/],
  ];
  for (const [shape, text, reason] of refusals) {
    test(`no fix for ${shape}, and the hover says why`, () => {
      const findings = flk201(text);
      assert.ok(findings.length > 0, 'no finding');
      for (const finding of findings) assert.match(finding.refused ?? 'offered', reason);
    });
  }

  test('the blueprint and its variable take names the module does not use', () => {
    // `bp` is taken, and so is the blueprint name "routes" that routes.py would get.
    const clean = module('from flask import Blueprint, Flask', '', 'app = Flask(__name__)', 'bp = Blueprint("routes", __name__)', '', '@app.route("/")', 'def index():', '    return "i"');
    const fixed = engine.fixAll(clean, settingsWith({ select: ['FLK201'] }), true, 'routes.py').text;
    assert.match(fixed, /^routes2_bp = Blueprint\("routes2", __name__\)$/m);
    assert.match(fixed, /^app\.register_blueprint\(routes2_bp\)$/m);
  });
});

describe('FLK202 routes-module-too-large', () => {
  const routes = (count: number) => module('from flask import Blueprint', '', 'bp = Blueprint("b", __name__)', '', ...Array.from({ length: count }, (_, i) => `@bp.get("/r${i}")\ndef r${i}():\n    return "r"\n`));
  const flk202 = (text: string, limit?: number) =>
    engine.analyseText(text, settingsWith({ select: ['FLK202'], ...(limit === undefined ? {} : { maxRoutesPerModule: limit }) }), (a) => a.findings.map((f) => f.message));

  test('the limit is the maxRoutesPerModule setting, and the finding gives the count', () => {
    assert.deepEqual(flk202(routes(10)), []);
    assert.equal(flk202(routes(11)).length, 1);
    assert.match(flk202(routes(3), 2)[0] ?? '', /declares 3 routes, more than 2/);
    assert.deepEqual(flk202(routes(3), 3), []);
  });

  test('maxRoutesPerModule must be a whole number of at least 1', () => {
    const codes = RULES.map((r) => r.meta.code);
    assert.equal(normaliseSettings({ maxRoutesPerModule: 25 }, codes).settings.maxRoutesPerModule, 25);
    for (const bad of [0, 2.5, -1, '12', null]) {
      const { settings, problems } = normaliseSettings({ maxRoutesPerModule: bad }, codes);
      assert.equal(settings.maxRoutesPerModule, 10, JSON.stringify(bad));
      assert.equal(problems.length, 1, JSON.stringify(bad));
    }
  });
});

test('a module whose text declares no route keeps no route summaries; one that does, keeps them', () => {
  const summariesKept = (text: string) => {
    const uri = 'mem://routes-gate.py';
    engine.open(uri, text, 1);
    try {
      const tree = engine.document(uri)!.syntaxTree;
      return runRules(text, tree, new LineIndex(text), [routeOnApp, routesModuleTooLarge], settingsWith({})).state.summaries !== undefined;
    } finally {
      engine.close(uri);
    }
  };
  assert.equal(summariesKept(module('import functools', '', '@functools.cache', 'def f():', '    return {}.get("x")')), false);
  assert.equal(summariesKept(module(...APP, '@app.get("/")', 'def index():', '    return "i"')), true);
});

describe('a comment after a route decorator', () => {
  test('is no part of the route: FLK201 and FLK202 underline the decorator up to its parenthesis, with or without it', () => {
    const routes = (first: string) =>
      module(...APP, ...Array.from({ length: 11 }, (_, i) => [`@app.route("/r${i}")${i === 0 ? first : ''}`, `def r${i}():`, '    return ""', '']).flat());
    const ranges = (text: string) =>
      engine.analyseText(text, settingsWith({ select: ['FLK201', 'FLK202'] }), (a) => a.findings.filter((f) => f.range.start < text.indexOf('def r0')).map((f) => `${f.code} ${text.slice(f.range.start, f.range.end)}`));
    const plain = ranges(routes(''));
    assert.deepEqual(plain.sort(), ['FLK201 @app.route("/r0")', 'FLK202 @app.route("/r0")']);
    // Read from the text, and from the tree (an f-string is not read from the text).
    assert.deepEqual(ranges(routes('  # the first one')).sort(), plain.sort());
    assert.deepEqual(ranges(routes('  # noqa: FLK201')), ['FLK202 @app.route("/r0")']);
    const fromTree = (text: string) => text.replace('@app.route("/r0")', '@app.route(f"/r0")');
    assert.deepEqual(ranges(fromTree(routes('  # a comment'))).sort(), ['FLK201 @app.route(f"/r0")', 'FLK202 @app.route(f"/r0")']);
    // With a syntax error further down, FLK202 reports on the decorator's node, and still underlines the route alone.
    const broken = `${routes('  # a comment')}
def broken(:
`;
    assert.deepEqual(ranges(broken).filter((r) => r.startsWith('FLK202')), ['FLK202 @app.route("/r0")']);
  });
});
