// Tests of the Flask probe itself (test/python/flask_probe.py and its client),
// which the fix tests rely on to compare routes before and after a rewrite.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { PythonProbe, type ProbeResult, type RouteResult } from "./support/python";

function okRoutes(result: ProbeResult): Record<string, RouteResult> {
  assert.ok(result.ok && result.routes, result.error);
  return result.routes;
}

const TWO_ROUTES = `from flask import Flask, jsonify

app = Flask(__name__)
print("imported code printing must not break the protocol")

@app.route("/")
def index():
    return "hello"

@app.route("/notes")
def notes():
    return jsonify([{"id": 1, "text": "milk"}])

@app.route("/notes/<int:note_id>")
def note(note_id):
    return str(note_id)

@app.route("/notes", methods=["POST"])
def add_note():
    return "", 201
`;

const FACTORY_WITH_SQLALCHEMY = `import os

from flask import Flask, jsonify
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Note(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    text = db.Column(db.String(200), nullable=False)


def create_app():
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    db.init_app(app)
    with app.app_context():
        db.create_all()
        db.session.add(Note(text="first"))
        db.session.commit()

    @app.route("/notes")
    def notes():
        return jsonify([n.text for n in Note.query.all()])

    @app.route("/secret")
    def secret():
        return app.config["SECRET_KEY"]

    return app
`;

const EXERCISED = `import click
from flask import Flask, g
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
db = SQLAlchemy(app)
Migrate(app, db)

@app.after_request
def stamp(response):
    response.headers["X-Stamp"] = "1"
    return response

@app.errorhandler(404)
def missing(error):
    return "nothing here", 404

@app.template_filter("twice")
def twice(value):
    return f"{value}{value}"

@app.cli.command("hello")
def hello():
    click.echo("hi")

@app.route("/boom")
def boom():
    return {}["key"]
`;


describe("flask_probe", () => {
  let probe: PythonProbe;
  before(() => {
    probe = PythonProbe.start();
  });
  after(() => probe.close());

  test("uses Debian's Python with the apt Flask", async () => {
    const { python, flask } = await probe.versions();
    assert.match(python, /^3\./);
    assert.match(flask, /^\d+\.\d+/);
  });

  test("compile accepts valid source", async () => {
    assert.deepEqual(await probe.compile("from flask import Flask\napp = Flask(__name__)\n"), { ok: true });
  });

  test("compile reports a syntax error with its line", async () => {
    const result = await probe.compile("import os\n\ndef broken(:\n    pass\n", "app.py");
    assert.equal(result.ok, false);
    assert.match(result.error ?? "", /^SyntaxError: .*\(app\.py, line 3\)/);
    assert.equal(result.line, 3);
  });

  test("probes a module-level app: every argument-free GET route", async () => {
    const result = await probe.probe({ "app.py": TWO_ROUTES }, "app");
    assert.ok(result.ok, result.error);
    assert.equal(result.how, "attribute:app");
    assert.equal(result.env?.SECRET_KEY, "probe-secret");
    assert.equal(result.env?.DATABASE_URL, "sqlite://");
    assert.deepEqual(result.routes, {
      "/": { status: 200, body: "hello" },
      "/notes": { status: 200, body: '[{"id":1,"text":"milk"}]\n' },
    });
  });

  test("probes a create_app factory using Flask-SQLAlchemy on sqlite", async () => {
    const result = await probe.probe({ "app.py": FACTORY_WITH_SQLALCHEMY }, "app");
    assert.ok(result.ok, result.error);
    assert.equal(result.how, "factory:create_app");
    assert.deepEqual(result.routes, {
      "/notes": { status: 200, body: '["first"]\n' },
      "/secret": { status: 200, body: "probe-secret" },
    });
  });

  test("app.run() at import is blocked and reported, not served", { timeout: 20_000 }, async () => {
    const source = `${TWO_ROUTES}\napp.run(debug=True)\n`;
    const result = await probe.probe({ "app.py": source }, "app");
    assert.equal(result.ok, false);
    assert.match(result.error ?? "", /app\.run\(\) was called while importing/);
  });

  test("consecutive probes of modules both named app do not leak", async () => {
    const files = (value: string, route: string) => ({
      "helpers.py": `VALUE = ${JSON.stringify(value)}\n`,
      "app.py": `from flask import Flask\nimport helpers\n\napp = Flask(__name__)\n\n@app.route(${JSON.stringify(route)})\ndef view():\n    return helpers.VALUE\n`,
    });
    const first = okRoutes(await probe.probe(files("one", "/first"), "app"));
    const second = okRoutes(await probe.probe(files("two", "/second"), "app"));
    assert.deepEqual(first, { "/first": { status: 200, body: "one" } });
    assert.deepEqual(second, { "/second": { status: 200, body: "two" } });
  });

  test("a view error is a 500, or an error entry when DEBUG propagates it", async () => {
    const source = (debug: boolean) =>
      `from flask import Flask\napp = Flask(__name__)\napp.config["DEBUG"] = ${debug ? "True" : "False"}\n\n@app.route("/boom")\ndef boom():\n    return {}["missing"]\n`;
    const quiet = okRoutes(await probe.probe({ "app.py": source(false) }, "app"));
    assert.equal((quiet["/boom"] as { status: number }).status, 500);
    const loud = okRoutes(await probe.probe({ "app.py": source(true) }, "app"));
    assert.deepEqual(loud["/boom"], { error: "KeyError: 'missing'" });
  });

  test("a module without an app is an error, and the probe keeps serving", async () => {
    const result = await probe.probe({ "app.py": "VALUE = 1\n" }, "app");
    assert.equal(result.ok, false);
    assert.match(result.error ?? "", /no Flask app in module 'app'/);
    assert.deepEqual(await probe.compile("x = 1\n"), { ok: true });
  });

  test("exercise records headers, the 404 handler, what a view raised, own CLI commands and filters", async () => {
    const result = await probe.exercise({ "app.py": EXERCISED }, "app");
    assert.ok(result.ok, !result.ok ? result.error : "");
    const boom = result.routes["/boom"];
    assert.ok(boom && "body" in boom);
    const { body, ...rest } = boom;
    assert.match(body, /<title>500 Internal Server Error<\/title>/);
    assert.deepEqual(rest, {
      status: 500,
      headers: [["Content-Length", "265"], ["Content-Type", "text/html; charset=utf-8"], ["X-Stamp", "1"]],
      raised: ["KeyError: 'key'"],
    });
    assert.deepEqual(result.missing, {
      status: 404,
      body: "nothing here",
      headers: [["Content-Length", "12"], ["Content-Type", "text/html; charset=utf-8"], ["X-Stamp", "1"]],
    });
    assert.deepEqual(result.cli.hello, { exit_code: 0, output: "hi\n" });
    // Flask-Migrate's commands are listed, not run: they write revision files with random names.
    assert.deepEqual(result.cli["db upgrade"], { defined_in: "flask_migrate.cli" });
    assert.deepEqual(result.templates.filters.twice?.text, { out: "Grüße, &lt;b&gt;World&lt;/b&gt;Grüße, &lt;b&gt;World&lt;/b&gt;" });
    assert.equal(result.run_at_import, 0);
  });

  test("exercise with tolerateRun counts app.run() at import instead of failing", async () => {
    const source = 'from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n';
    const strict = await probe.exercise({ "app.py": source }, "app");
    assert.ok(!strict.ok && /app\.run\(\) was called while importing/.test(strict.error));
    const tolerant = await probe.exercise({ "app.py": source }, "app", { tolerateRun: true });
    assert.ok(tolerant.ok && tolerant.run_at_import === 1);
  });

  test("an app context pushed at import does not become the next module's app", async () => {
    const pushed = 'from flask import Flask\napp = Flask(__name__)\napp.app_context().push()\n';
    assert.ok((await probe.exercise({ "app.py": pushed }, "app")).ok);
    // `current_app` passes isinstance(Flask) while a context is pushed; the probe must not take it for an app.
    const proxyOnly = 'from flask import current_app\n';
    const result = await probe.exercise({ "app.py": proxyOnly }, "app");
    assert.ok(!result.ok && /no Flask app in module 'app'/.test(result.error), JSON.stringify(result));
  });

  test("buildWithTestConfig reports the keys a factory overrides, with SECRET_KEY unset", async () => {
    const factory = (after: string) =>
      `import os\nfrom flask import Flask\n\ndef create_app(test_config=None):\n    app = Flask(__name__)\n    if test_config is not None:\n        app.config.from_mapping(test_config)\n${after}    return app\n`;
    const config = { SECRET_KEY: "test-key", TESTING: true };
    const env = { SECRET_KEY: null };
    const good = await probe.buildWithTestConfig({ "app.py": factory("") }, "app", config, { env });
    assert.deepEqual(good, { ok: true, factory: true, mismatches: {} });
    const overriding = await probe.buildWithTestConfig({ "app.py": factory('    app.config["TESTING"] = False\n') }, "app", config, { env });
    assert.deepEqual(overriding, { ok: true, factory: true, mismatches: { TESTING: "False" } });
    const readsEnv = await probe.buildWithTestConfig({ "app.py": factory('    os.environ["SECRET_KEY"]\n') }, "app", config, { env });
    assert.ok(!readsEnv.ok && /KeyError: 'SECRET_KEY'/.test(readsEnv.error));
    const noFactory = await probe.buildWithTestConfig({ "app.py": "from flask import Flask\napp = Flask(__name__)\n" }, "app", config, { env });
    assert.deepEqual(noFactory, { ok: true, factory: false });
  });
});

test("a dying probe rejects pending requests with its stderr tail", { timeout: 20_000 }, async () => {
  const probe = PythonProbe.start();
  try {
    const dying = 'import os, sys\nsys.stderr.write("last words\\n")\nsys.stderr.flush()\nos._exit(3)\n';
    await assert.rejects(probe.probe({ "app.py": dying }, "app"), /exited \(code 3[\s\S]*last words/);
    await assert.rejects(probe.compile("x = 1\n"), /exited/);
  } finally {
    await probe.close();
  }
});
