/**
 * Shrunk counterexamples the fuzzer (scripts/fuzz.ts) found, kept as plain tests so each fixed
 * bug stays fixed whatever seed the property tests use.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { marked } from 'marked';
import { escapeMarkdown, type Engine } from '../server/src/engine';
import { settingsWith, testEngine } from './support/engine';
import { checkFixesAreSound } from './support/properties';
import { PythonProbe } from './support/python';

let engine: Engine;
let python: PythonProbe;
before(async () => {
  engine = await testEngine();
  python = PythonProbe.start();
});
after(() => python.close());

const findings = (text: string) => engine.analyseText(text, settingsWith({}), (a) => a.findings.map((f) => ({ code: f.code, line: a.lines.lineOf(f.range.start), fix: f.fix?.title })));
const HEAD = 'import os\nfrom flask import Flask\n\napp = Flask(__name__)\n';

describe('fuzzer counterexamples', () => {
  test('a MISSING token tree-sitter hides (`_newline`) counts as a syntax error', () => {
    const text = `${HEAD}if __name__ == "__main__":\n    app.secret_key = b"bytes-key"debug=True`;
    assert.equal(engine.syntaxErrorCount(text), 1);
    assert.equal(engine.syntaxErrorCount(`${HEAD}app.secret_key = "k"\n`), 0);
  });

  test('`import os` goes after a docstring written as two literals, so `from __future__` stays first', async () => {
    const text = '"""CRLF and a __future__ import."""""\r\nfrom __future__ import annotations\r\n\r\nfrom flask import Flask\r\n\r\napp = Flask(__name__)\r\napp.config["SECRET_KEY"] = "s3cr3t"\r\n';
    const fixed = engine.fixAll(text, settingsWith({ select: ['FLK503'] }), true).text;
    assert.ok(fixed.indexOf('import os\r\n') > fixed.indexOf('from __future__ import annotations\r\n'), fixed);
    assert.ok((await python.compile(fixed)).ok, fixed);
  });

  test('a statement tree-sitter hoisted out of a broken block is not reported (and fix-all converges)', async () => {
    const hoisted = `${HEAD}if __name__ == "__main__":\n    class :\n    app.run()\n`;
    assert.deepEqual(findings(hoisted).filter((f) => f.code === 'FLK501'), []);
    // Error recovery read an unterminated string as a `with` header; the guarded run below became its body.
    const misread = "app.run()\"\"A small notes service with everything in one module.\"\"\"\nimport os\n\nfrom flask import Flask, abort, g, jsonify, current_app\n\nNOTES = [\"buy milk\", \"write tests\"]\n\n\ndef log_visit(path):\n    current_app.logger.info(\"visit %s\", path)\n\n\ndef create_app(test_config=None):\n    # The application object.\n    app = Flask(__name__)  # expect: FLK101\n    app.config[\"JSON_SORT_KEYS\"] = False\n    app.config[\"SECRET_KEY\"] = os.environ.get(\"SECRET_KEY\", \"dev\")\n    if test_config is not None:\n        app.config.from_mapping(test_config)\n\n    @app.before_request\n    def remember_greeting():\n        g.greeting = \"hello\"\n\n    @app.route(\"/\")\n    def index():\n        log_visit(\"/\")\n        return f\"{g.greeting}, {len(NOTES)} notes\"\n\n    @app.route(\"/notes\")\n    def list_notes():\n        return jsonify(notes=NOTES)\n\n    @app.route(\"/missing\")\n    def missing():\n        abort(404)\n\n    @app.errorhandler(404)\n    def not_found(error):\n        return jsonify(error=\"not found\"), 404\n\n    return app\n\n\nif __name__ == \"__main__\":\n    create_app().run(port=5000)\n";
    assert.deepEqual(findings(misread).filter((f) => f.code === 'FLK501'), []);
    for (const text of [hoisted, misread]) await checkFixesAreSound(engine, python, text);
  });

  test('a call that swallowed the following lines (an unclosed bracket) is reported without a fix', async () => {
    const text = `${HEAD}app.run(debug=True\nimport os, sys\nclass Model(db.Model):\n    @app.route("/")\n    def index():\n        app = Flask(__name__, static_folder="s")\n        for i in range(3):\n            app = create_app()\napp.secret_key = "dev"`;
    const run = findings(text).find((f) => f.code === 'FLK501');
    assert.ok(run, JSON.stringify(findings(text)));
    assert.equal(run.fix, undefined);
    await checkFixesAreSound(engine, python, text);
  });

  test('user text in hover Markdown cannot become a link, even a bare URL or an e-mail address', () => {
    const html = marked.parse(escapeMarkdown('create_app("see https://evil.example/x and www.evil.example or me@evil.example [a](command:x) <b>")'), { async: false });
    assert.doesNotMatch(html, /<a\b|<b>/, html);
    assert.match(html, /https:\/\/evil\.example\/x and www\.evil\.example or me@evil\.example \[a\]\(command:x\) &lt;b&gt;/);
  });
});
