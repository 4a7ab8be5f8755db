/**
 * The URL rule matcher (engine/urlRules.ts): a path built from a rule matches it back, and the
 * `url_for` arguments it finds build exactly the path again, as Werkzeug itself confirms.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildPath, hasStaticSegment, matchRule, parseRule, urlForArguments, type Converter, type ParsedRule } from '../server/src/engine/urlRules';

test('rules parse into static parts and variables; converter arguments and unknown converters do not parse', () => {
  assert.deepEqual(parseRule('/items/<int:item_id>/edit')?.parts, [
    { kind: 'static', text: '/items/' },
    { kind: 'variable', variable: { name: 'item_id', converter: 'int' } },
    { kind: 'static', text: '/edit' },
  ]);
  assert.equal(parseRule('/<string(length=2):lang>'), undefined);
  assert.equal(parseRule('/<custom:x>'), undefined);
  assert.equal(parseRule('/<a>/<a>'), undefined);
  assert.equal(parseRule('items'), undefined);
});

test('a rule has a static segment when a segment has no variable, or it has no variable at all', () => {
  const anchored = (text: string) => hasStaticSegment(parseRule(text)!);
  for (const text of ['/', '/about/', '/blog/<slug>', '/<lang>/about', '/<path:p>/edit', '/<a>/x/<b>']) assert.ok(anchored(text), text);
  for (const text of ['/<path:path>', '/<username>', '/<username>/', '/<a>/<int:b>', '/<name>.json', '/x<name>']) assert.ok(!anchored(text), text);
});

test('url_for arguments only where the built path is the same text', () => {
  const rule = (text: string) => parseRule(text)!;
  assert.deepEqual(urlForArguments(rule('/items/<int:id>'), '/items/12'), [{ name: 'id', python: '12' }]);
  assert.equal(urlForArguments(rule('/items/<int:id>'), '/items/012'), undefined);
  assert.equal(urlForArguments(rule('/items/<int:id>'), '/items/-1'), undefined);
  assert.deepEqual(urlForArguments(rule('/p/<float:x>'), '/p/0.5'), [{ name: 'x', python: '0.5' }]);
  assert.equal(urlForArguments(rule('/p/<float:x>'), '/p/1.50'), undefined);
  assert.equal(urlForArguments(rule('/p/<float:x>'), '/p/0.00001'), undefined, 'Python writes 1e-05');
  assert.deepEqual(urlForArguments(rule('/f/<path:p>'), '/f/a/b'), [{ name: 'p', python: '"a/b"' }]);
  assert.equal(urlForArguments(rule('/u/<name>'), '/u/a/b'), undefined, 'the default converter takes no slash');
  assert.equal(urlForArguments(rule('/about/'), '/about'), undefined, 'a trailing-slash redirect is no match');
  assert.equal(urlForArguments(rule('/u/<name>'), '/u/a%20b'), undefined, 'Werkzeug decodes escapes first');
  assert.equal(urlForArguments(rule('/u/<endpoint>'), '/u/x'), undefined, 'url_for takes endpoint itself');
  assert.equal(urlForArguments(rule('/a&b/<name>'), '/a&b/x'), undefined, 'url_for quotes & in static text');
});

const SEGMENT = fc.stringMatching(/^[A-Za-z0-9._~-]{1,8}$/);
const CONVERTERS: Converter[] = ['default', 'string', 'int', 'float', 'uuid', 'path'];

/** A rule of static segments and variables, each written with its converter. */
const RULES = fc
  .array(fc.oneof(SEGMENT.map((text) => ({ text })), fc.constantFrom(...CONVERTERS).map((converter) => ({ converter }))), { minLength: 1, maxLength: 5 })
  .map((parts) => {
    let index = 0;
    const text = parts.map((p) => ('text' in p ? `/${p.text}` : `/<${p.converter === 'default' ? '' : `${p.converter}:`}v${index++}>`)).join('');
    return parseRule(text)!;
  });

/** A value the converter writes back as it is (its canonical URL form). */
function valueOf(converter: Converter): fc.Arbitrary<string> {
  switch (converter) {
    case 'int':
      return fc.nat().map(String);
    case 'float':
      return fc.tuple(fc.nat({ max: 99999 }), fc.nat({ max: 999 })).map(([whole, cents]) => String(Number(`${whole}.${cents}`))).map((t) => (t.includes('.') ? t : `${t}.0`));
    case 'uuid':
      return fc.uuid();
    case 'path':
      return fc.array(SEGMENT, { minLength: 1, maxLength: 3 }).map((segments) => segments.join('/'));
    default:
      return SEGMENT;
  }
}

function valuesFor(rule: ParsedRule): fc.Arbitrary<Map<string, string>> {
  const variables = rule.parts.flatMap((p) => (p.kind === 'variable' ? [p.variable] : []));
  return fc.tuple(...variables.map((v) => valueOf(v.converter))).map((values) => new Map(variables.map((v, i) => [v.name, values[i]!])));
}

const CASES = RULES.chain((rule) => valuesFor(rule).map((values) => ({ rule, path: buildPath(rule, values)! })));

test('property: a path built from a rule matches it back, and its url_for arguments build the same path', () => {
  fc.assert(
    fc.property(CASES, ({ rule, path }) => {
      assert.ok(matchRule(rule, path), `${rule.rule} does not match ${path}`);
      const args = urlForArguments(rule, path);
      assert.ok(args, `no url_for arguments for ${path} (${rule.rule})`);
      const values = new Map(args.map((a) => [a.name, a.python.startsWith('"') ? (JSON.parse(a.python) as string) : a.python]));
      assert.equal(buildPath(rule, values), path);
    }),
    { numRuns: 300 },
  );
});

test('Werkzeug agrees: it matches each path to its rule and url_for builds it from the arguments found', () => {
  const cases = fc.sample(CASES, { numRuns: 150, seed: 504 }).map(({ rule, path }) => ({ rule: rule.rule, path, args: urlForArguments(rule, path) }));
  const script = [
    'import json, sys, uuid',
    'from flask import Flask, url_for',
    'cases = json.load(sys.stdin)',
    'out = []',
    'for case in cases:',
    '    app = Flask("probe")',
    '    app.add_url_rule(case["rule"], "target", lambda **kw: "")',
    '    with app.test_request_context():',
    '        adapter = app.url_map.bind("localhost")',
    '        endpoint, _ = adapter.match(case["path"], method="GET")',
    '        kwargs = {a["name"]: eval(a["python"]) for a in case["args"]}',
    '        out.append([endpoint, url_for("target", **kwargs)])',
    'json.dump(out, sys.stdout)',
  ].join('\n');
  const run = spawnSync('/usr/bin/python3', ['-I', '-c', script], { input: JSON.stringify(cases), encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const results = JSON.parse(run.stdout) as [string, string][];
  results.forEach(([endpoint, built], i) => {
    assert.equal(endpoint, 'target', `${cases[i]!.rule} does not match ${cases[i]!.path} in Werkzeug`);
    assert.equal(built, cases[i]!.path, `url_for builds another path for ${cases[i]!.rule}`);
  });
});
