/**
 * FLK201's fix across files: moving a module's routes to a blueprint renames their endpoints
 * (`about` → `app.about`), and the same fix renames them in the project's other modules, its test
 * modules and the app's templates. The fixed project is served under Flask's test client with
 * Debian's Python: every GET route answers as before, rendered templates included.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { applyEdits, Engine, fixAvailability, type Finding, type ProjectLister, type ProjectReader } from '../server/src/engine';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';
import { routeOnApp } from '../server/src/rules/route-on-app';
import { settingsWith } from './support/engine';
import { PythonProbe } from './support/python';

const CASE = join(__dirname, 'projects', 'FLK201-route-on-app', 'templates-and-modules');
const ROOT = 'mem://flk201/';

function readCase(dir: string, sub = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
    const path = sub ? `${sub}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, readCase(dir, path));
    else files[path] = readFileSync(join(dir, path), 'utf8');
  }
  return files;
}

/** An engine over an in-memory project: the host's reader and lister answer from `files`. */
async function projectEngine(files: Record<string, string>, options: { list?: boolean; complete?: boolean } = {}): Promise<Engine> {
  const reader: ProjectReader = (path) => files[path];
  const lister: ProjectLister = (folder) => Object.keys(files).filter((path) => path.startsWith(`${folder}/`));
  const engine = await Engine.create(loadGrammarBytes(__dirname), [routeOnApp], reader, options.list === false ? undefined : lister);
  for (const [path, text] of Object.entries(files)) if (path.endsWith('.py')) engine.indexFile(ROOT + path, path, text);
  if (options.complete !== false) engine.markProjectComplete(`${ROOT}app.py`, 'app.py');
  return engine;
}

/** The project after FLK201's fix of `module` (app.py), and the safety it was offered with. */
function fixed(engine: Engine, files: Record<string, string>, module = 'app.py'): { files: Record<string, string>; safety: string | undefined } {
  return engine.analyseText(
    files[module]!,
    settingsWith({}),
    (analysis) => {
      const fix = (analysis.findings[0] as Finding).fix!;
      const availability = fixAvailability(fix);
      assert.ok(availability.ok, 'the fix is offered');
      const result: Record<string, string> = { ...files, [module]: applyEdits(files[module]!, fix.edits()) };
      for (const other of fix.otherFiles?.() ?? []) result[other.path] = applyEdits(files[other.path]!, other.edits);
      return { files: result, safety: availability.safety };
    },
    module,
    `${ROOT}${module}`,
  );
}

/** Why the fix of app.py's first finding is not offered, or undefined when it is. */
function refusal(engine: Engine, files: Record<string, string>): string | undefined {
  return engine.analyseText(
    files['app.py']!,
    settingsWith({}),
    (analysis) => {
      const availability = fixAvailability((analysis.findings[0] as Finding).fix!);
      return availability.ok ? undefined : availability.reason;
    },
    'app.py',
    `${ROOT}app.py`,
  );
}

let python: PythonProbe;
before(() => {
  python = PythonProbe.start();
});
after(async () => {
  await python.close();
});

test('the fix renames the endpoints in other modules, test modules and templates, and the project serves the same pages', async () => {
  const files = readCase(CASE);
  const engine = await projectEngine(files);
  const result = fixed(engine, files);
  assert.equal(result.safety, 'safe');
  assert.match(result.files['links.py']!, /url_for\("app\.about"\), url_for\("app\.index", page=2\), url_for\("\.listing"\)/);
  assert.match(result.files['templates/index.html']!, /url_for\('app\.about'\).*\n.*url_for\("app\.index", page=page \+ 1\).*\n.*url_for\('links\.listing'\)/);
  assert.match(result.files['tests/test_links.py']!, /url_for\("app\.about"\)/);
  assert.match(result.files['app.py']!, /redirect\(url_for\("app\.index"\)\)/);

  const before = await python.probe(files, 'app');
  const after = await python.probe(result.files, 'app');
  assert.ok(before.ok, before.error);
  assert.ok(after.ok, after.error);
  assert.deepEqual(Object.keys(before.routes!).sort(), ['/', '/about', '/links']);
  assert.deepEqual(after.routes, before.routes);
  // The rendered template holds the URLs the renamed endpoints build.
  assert.match(JSON.stringify(before.routes!['/']), /href=\\"\/about\\"/);
});

test('the fix stays unsafe where a reference may be missed, and says nothing is lost otherwise', async () => {
  const files = readCase(CASE);
  const dynamic = { ...files, 'links.py': files['links.py']!.replace('url_for(".listing")', 'url_for(request.args["next"])').replace('import Blueprint', 'import Blueprint, request') };
  assert.equal(fixed(await projectEngine(dynamic), dynamic).safety, undefined);
  // Templates the fix cannot rename would fail to render: then it is not offered at all.
  const computedInTemplate = { ...files, 'templates/index.html': `${files['templates/index.html']}{{ url_for(target) }}\n` };
  assert.match(refusal(await projectEngine(computedInTemplate), computedInTemplate) ?? '', /renders templates, and `templates\/index.html` calls `url_for` with an endpoint it computes/);
  assert.match(refusal(await projectEngine(files, { list: false }), files) ?? '', /renders templates, and the templates in `templates` cannot be listed here/);
  // A host that has not read every module (the CLI given one file) cannot see every reference.
  assert.equal(fixed(await projectEngine(files, { complete: false }), files).safety, undefined);
  // A URL mapped to a renamed endpoint without a view would lead nowhere after the fix.
  const mapped = { ...files, 'wsgi.py': 'from app import app\n\napp.add_url_rule("/start", endpoint="index")\n' };
  assert.match(refusal(await projectEngine(mapped), mapped) ?? '', /`wsgi\.py` maps a URL to the endpoint `index` without a view/);
  const mappedElsewhere = { ...files, 'wsgi.py': 'from app import app\n\napp.add_url_rule("/start", endpoint="links.listing")\n' };
  assert.equal(fixed(await projectEngine(mappedElsewhere), mappedElsewhere).safety, 'safe');
  const secondApp = { ...files, 'admin.py': 'from flask import Flask\n\nadmin = Flask(__name__)\n' };
  const twoApps = fixed(await projectEngine(secondApp), secondApp);
  assert.equal(twoApps.safety, undefined);
  assert.equal(twoApps.files['links.py'], files['links.py'], 'with two apps, other modules are left alone');
});

test("the new blueprint's name avoids every blueprint name of the project, not only the module's", async () => {
  const files = {
    'app.py': 'from flask import Flask\nfrom views import pages\n\napp = Flask(__name__)\napp.register_blueprint(pages)\n\n\n@app.route("/")\ndef index():\n    return "home"\n',
    // Named like app.py's blueprint would be: Flask refuses a second blueprint named "app".
    'views.py': 'from flask import Blueprint\n\npages = Blueprint("app", __name__)\n\n\n@pages.route("/about")\ndef about():\n    return "about"\n',
  };
  const result = fixed(await projectEngine(files), files);
  assert.match(result.files['app.py']!, /^bp = Blueprint\("app2", __name__\)$/m);
  const before = await python.probe(files, 'app');
  const after = await python.probe(result.files, 'app');
  assert.ok(before.ok && after.ok, after.error);
  assert.deepEqual(after.routes, before.routes);
});

test('templates that compare endpoint names, or name one outside url_for, get no fix', async () => {
  const app = 'from flask import Flask, render_template\n\napp = Flask(__name__)\n\n\n@app.route("/")\ndef index():\n    return render_template("nav.html")\n\n\n@app.route("/about")\ndef about():\n    return render_template("nav.html")\n';
  const reads = { 'app.py': app, 'templates/nav.html': `<a class="{{ 'active' if request.endpoint == 'index' }}" href="{{ url_for('index') }}">Home</a>\n` };
  assert.match(refusal(await projectEngine(reads), reads) ?? '', /`templates\/nav\.html` reads endpoint names/);
  const names = { 'app.py': app, 'templates/nav.html': `{% set current = 'about' %}<a href="{{ url_for('about') }}">About</a>\n` };
  assert.match(refusal(await projectEngine(names), names) ?? '', /`templates\/nav\.html` names the endpoint 'about' outside `url_for`/);
  const unknown = { 'app.py': app, 'templates/nav.html': `<a href="{{ url_for('inner') }}">?</a>\n` };
  assert.match(refusal(await projectEngine(unknown), unknown) ?? '', /calls `url_for\('inner'\)`, an endpoint the fix cannot find/);
});

test('in a routes module that imports the app, the blueprint is declared after the import of Blueprint', async () => {
  const files = {
    'proj/__init__.py': 'from flask import Flask\n\napp = Flask(__name__)\n\nfrom proj import routes  # noqa: E402,F401\n',
    'proj/routes.py': 'from proj import app\nimport os\n\n\n@app.route("/")\ndef index():\n    return os.sep\n',
  };
  const result = fixed(await projectEngine(files), files, 'proj/routes.py');
  assert.match(result.files['proj/routes.py']!, /^import os\nfrom flask import Blueprint\nbp = Blueprint\("routes", __name__\)$/m);
  const before = await python.probe(files, 'proj');
  const after = await python.probe(result.files, 'proj');
  assert.ok(before.ok && after.ok, after.error);
  assert.deepEqual(after.routes, before.routes);
});
