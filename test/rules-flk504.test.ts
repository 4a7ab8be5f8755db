/**
 * FLK504 under incremental analysis: whether a redirect's path is flagged, and how it is fixed,
 * depends on other top-level statements (the routes, the blueprint's constructor), so an edit
 * there must reach the redirect's finding, as a fresh analysis sees it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Engine } from '../server/src/engine';
import { fixAvailability } from '../server/src/engine/fixes';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';
import { hardcodedUrlPath } from '../server/src/rules/hardcoded-url-path';
import { settingsWith } from './support/engine';

const MODULE = [
  'from flask import Blueprint, redirect',
  '',
  'bp = Blueprint("shop", __name__, url_prefix="/shop")',
  '',
  '',
  '@bp.route("/latest")',
  'def latest():',
  '    return redirect("/shop/items/1")',
  '',
  '',
  '@bp.route("/goods/<int:item_id>")',
  'def item(item_id):',
  '    return "item"',
  '',
].join('\n');

type Analysis = { findings: readonly { code: string; message: string; range: { start: number }; fix?: Parameters<typeof fixAvailability>[0] }[] };
const summary = (a: Analysis) =>
  a.findings.map((f) => `${f.code} ${f.range.start} ${f.message} | ${f.fix && fixAvailability(f.fix).ok ? f.fix.title : 'no fix'}`);

test('editing a route or the blueprint elsewhere in the module changes the redirect’s finding, as a fresh analysis does', async () => {
  const engine = await Engine.create(loadGrammarBytes(__dirname), [hardcodedUrlPath]);
  const settings = settingsWith({});
  const fresh = (text: string) => engine.analyseText(text, settings, summary);
  const uri = 'mem://flk504.py';
  engine.open(uri, MODULE, 1);
  const analysed = () => summary(engine.analyse(uri, settings)!);
  const replace = (version: number, from: string, to: string) => {
    const text = engine.document(uri)!.text;
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes(from));
    const character = lines[line]!.indexOf(from);
    engine.change(uri, [{ range: { start: { line, character }, end: { line, character: character + from.length } }, text: to }], version);
    return engine.document(uri)!.text;
  };
  try {
    assert.deepEqual(analysed(), []);
    // The route's rule now matches the path.
    let text = replace(2, '"/goods/', '"/items/');
    let findings = analysed();
    assert.deepEqual(findings, fresh(text));
    assert.equal(findings.length, 1);
    assert.match(findings[0]!, /shop\.item.*url_for\("shop\.item", item_id=1\)$/);
    // The blueprint's name gives the endpoint.
    text = replace(3, '"shop", __name__', '"store", __name__');
    findings = analysed();
    assert.deepEqual(findings, fresh(text));
    assert.match(findings[0]!, /url_for\("store\.item", item_id=1\)$/);
    // Another prefix: the path is no longer the route's URL.
    text = replace(4, 'url_prefix="/shop"', 'url_prefix="/store"');
    assert.deepEqual(analysed(), fresh(text));
    assert.deepEqual(analysed(), []);
  } finally {
    engine.close(uri);
  }
});

/** The small projects of test/projects/FLK504-hardcoded-url-path, indexed into `engine` under `mem://<case>/`. */
function indexCase(engine: Engine, name: string): { root: string; files: Record<string, string> } {
  const dir = join(__dirname, 'projects', 'FLK504-hardcoded-url-path', name);
  const files: Record<string, string> = {};
  const walk = (sub: string): void => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else files[path] = readFileSync(join(dir, path), 'utf8');
    }
  };
  walk('');
  const root = `mem://${name}/`;
  for (const [path, text] of Object.entries(files)) engine.indexFile(root + path, path, text);
  return { root, files };
}

test('a redirect to another module’s route gets url_for only where the project shows the endpoint for certain', async () => {
  const engine = await Engine.create(loadGrammarBytes(__dirname), [hardcodedUrlPath]);
  const settings = settingsWith({});
  const fixes = (name: string, path: string) => {
    const { root, files } = indexCase(engine, name);
    return engine.analyseText(files[path]!, settings, (a) => a.findings.map((f) => {
      const availability = fixAvailability(f.fix!);
      return `${a.lines.lineOf(f.range.start) + 1}: ${availability.ok ? f.fix!.title : availability.reason}`;
    }), path, root + path);
  };
  assert.deepEqual(fixes('blueprints', 'shop/auth.py'), ['14: Build the URL with url_for("auth.login")']);
  assert.deepEqual(fixes('blueprints', 'shop/catalogue.py'), ['20: Build the URL with url_for("catalogue.item", item_id=1)', '25: Build the URL with url_for("auth.login")']);
  const admin = fixes('app-module', 'admin.py');
  assert.equal(admin[0], '8: Build the URL with url_for("index")');
  assert.match(admin[1]!, /^13: .*another rule/);
  assert.match(fixes('url-alias', 'views.py')[0]!, /^9: .*another rule/, 'an endpoint mapped without a view has its rules elsewhere');
  // With several apps, only a route of the module's own app is reported, and still not fixed: which app is its own is a guess.
  assert.deepEqual(fixes('two-apps', 'public.py'), []);
  assert.deepEqual(fixes('services', 'services/shop/shop/orders.py').map((f) => f.replace(/`shop\.cart`.*/, '`shop.cart`')), ['9: the project builds several apps, so `shop.cart`']);
});

test('an edit in another module reaches the redirect’s finding, as a fresh analysis sees it', async () => {
  const engine = await Engine.create(loadGrammarBytes(__dirname), [hardcodedUrlPath]);
  const settings = settingsWith({});
  const { root, files } = indexCase(engine, 'blueprints');
  const uri = `${root}shop/catalogue.py`;
  engine.open(uri, files['shop/catalogue.py']!, 1, 'shop/catalogue.py');
  const fresh = () => engine.analyseText(files['shop/catalogue.py']!, settings, summary, 'shop/catalogue.py', uri);
  const init = (text: string) => engine.indexFile(`${root}shop/__init__.py`, 'shop/__init__.py', text);
  try {
    const before = summary(engine.analyse(uri, settings)!);
    assert.equal(before.filter((f) => f.includes('/auth/login')).length, 1);
    // The blueprint moves to another prefix: `/auth/login` is no longer its URL.
    assert.ok(init(files['shop/__init__.py']!.replace('url_prefix="/auth"', 'url_prefix="/account"')));
    const moved = summary(engine.analyse(uri, settings)!);
    assert.deepEqual(moved, fresh());
    assert.equal(moved.filter((f) => f.includes('/auth/login')).length, 0);
    // Back again, and then registered under another name: the endpoint is no longer known.
    init(files['shop/__init__.py']!.replace('url_prefix="/auth")', 'url_prefix="/auth", name="members")'));
    const renamed = summary(engine.analyse(uri, settings)!);
    assert.deepEqual(renamed, fresh());
    assert.equal(renamed.filter((f) => f.includes('/auth/login')).length, 0);
    init(files['shop/__init__.py']!);
    assert.deepEqual(summary(engine.analyse(uri, settings)!), before);
  } finally {
    engine.close(uri);
  }
});

test('a second app appearing or going away reaches the redirect’s finding, as a fresh analysis sees it', async () => {
  const engine = await Engine.create(loadGrammarBytes(__dirname), [hardcodedUrlPath]);
  const settings = settingsWith({});
  const { root, files } = indexCase(engine, 'services');
  const path = 'services/shop/shop/orders.py';
  const uri = root + path;
  engine.open(uri, files[path]!, 1, path);
  const fresh = () => engine.analyseText(files[path]!, settings, summary, path, uri);
  const shop = (text: string) => engine.indexFile(`${root}services/shop/shop/__init__.py`, 'services/shop/shop/__init__.py', text);
  try {
    const before = summary(engine.analyse(uri, settings)!);
    assert.equal(before.filter((f) => f.includes('/login')).length, 0, 'the accounts app’s route');
    // The shop builds its app no more: the accounts app is the project's only one, and its routes count.
    assert.ok(shop(files['services/shop/shop/__init__.py']!.replace('Flask(__name__)', 'build(__name__)')));
    const one = summary(engine.analyse(uri, settings)!);
    assert.deepEqual(one, fresh());
    assert.equal(one.filter((f) => f.includes('/login')).length, 1);
    shop(files['services/shop/shop/__init__.py']!);
    assert.deepEqual(summary(engine.analyse(uri, settings)!), before);
  } finally {
    engine.close(uri);
  }
});

test('a registration in another module that moves a blueprint reaches the redirect to its constructor’s URL', async () => {
  const engine = await Engine.create(loadGrammarBytes(__dirname), [hardcodedUrlPath]);
  const settings = settingsWith({});
  const { root, files } = indexCase(engine, 'registered-otherwise');
  const uri = `${root}views.py`;
  engine.open(uri, files['views.py']!, 1, 'views.py');
  const fresh = () => engine.analyseText(files['views.py']!, settings, summary, 'views.py', uri);
  const registering = (line: string) => engine.indexFile(`${root}app.py`, 'app.py', files['app.py']!.replace('app.register_blueprint(other, url_prefix="/b")', line));
  const toConstructorUrl = (findings: string[]) => findings.filter((f) => f.includes('`/a/y`')).length;
  try {
    // Registered nowhere the project shows: the constructor's prefix is all there is.
    registering('');
    const unregistered = summary(engine.analyse(uri, settings)!);
    assert.deepEqual(unregistered, fresh());
    assert.equal(toConstructorUrl(unregistered), 1);
    // On a subdomain: the project's table knows the route no better, but the path is no longer certain.
    registering('app.register_blueprint(other, subdomain="api")');
    const moved = summary(engine.analyse(uri, settings)!);
    assert.deepEqual(moved, fresh());
    assert.equal(toConstructorUrl(moved), 0);
  } finally {
    engine.close(uri);
  }
});
