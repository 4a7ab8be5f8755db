/**
 * Generated Flask code for the benchmark: deterministic, realistic in shape (imports, a
 * module-level app with config and an extension, models, routes, helpers, a `__main__` block),
 * with a few findings of every rule so the rules do real work.
 */

import { LineIndex } from '../server/src/engine';

const HEAD = `"""A generated Flask application, for benchmarks."""
import json
import os
from datetime import datetime

from flask import Flask, abort, current_app, jsonify, request
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///bench.db"
app.config["SECRET_KEY"] = "bench-secret"
db = SQLAlchemy(app)


class ProductionConfig:
    DEBUG = True
    SECRET_KEY = "also-hardcoded"

`;

/** One block of 45 lines: a model, two routes and a helper. `{i}` makes every name unique. */
function block(i: number): string {
  return `
class Item${i}(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    created = db.Column(db.DateTime, default=datetime.utcnow)

    def to_dict(self):
        return {"id": self.id, "name": self.name, "created": self.created.isoformat()}


@app.route("/items${i}")
def list_items${i}():
    page = int(request.args.get("page", 1))
    query = Item${i}.query.order_by(Item${i}.created.desc())
    items = [item.to_dict() for item in query.limit(20).offset((page - 1) * 20)]
    current_app.logger.debug("page %s of items${i}", page)
    return jsonify(items=items, page=page)


@app.route("/items${i}/<int:item_id>", methods=["GET", "POST"])
def item_detail${i}(item_id):
    item = Item${i}.query.get_or_404(item_id)
    if request.method == "POST":
        data = request.get_json(silent=True) or {}
        item.name = data.get("name", item.name)
        db.session.commit()
    options = {"limit": 10, "verbose": False}
    options.update(page=1)
    current_app.logger.info("item %s: %s", item_id, json.dumps(options))
    return jsonify(item.to_dict())


def helper${i}(value, factor=2):
    total = 0
    for n in range(value):
        if n % factor == 0:
            total += n * factor
        else:
            total -= n
    if total < 0:
        abort(400)
    return total

`;
}

const TAIL = `
if __name__ == "__main__":
    app.run(debug=True, port=int(os.environ.get("PORT", "5000")))
`;

export const BLOCK_LINES = block(0).split('\n').length - 1;

/** A module of about `lines` lines with a module-level app. */
export function flaskModule(lines: number): string {
  const headLines = HEAD.split('\n').length - 1 + TAIL.split('\n').length - 1;
  const blocks = Math.max(1, Math.round((lines - headLines) / BLOCK_LINES));
  let out = HEAD;
  for (let i = 0; i < blocks; i++) out += block(i);
  return out + TAIL;
}

/**
 * The offset of a one-character edit in the middle of the module: inside the `"verbose"` string
 * of the middle block's detail route, where typing keeps the code valid.
 */
export function middleEditOffset(text: string): number {
  const middle = Math.floor(text.length / 2);
  const at = text.indexOf('"verbose"', middle);
  if (at < 0) throw new Error('no edit site in the generated module');
  return at + 1;
}

/**
 * Keystroke `i` of `count` at `at`: `x` is typed count/2 times, then what was typed is deleted.
 * The change in LSP positions, and the text after it.
 */
export function typingStep(text: string, at: number, i: number, count: number) {
  const typing = i < count / 2;
  const start = typing ? at + i : at + (count - i - 1);
  const end = typing ? start : start + 1;
  const lines = new LineIndex(text);
  const change = { range: { start: lines.positionAt(start), end: lines.positionAt(end) }, text: typing ? 'x' : '' };
  return { change, text: text.slice(0, start) + change.text + text.slice(end) };
}

/** The files of a project: an app factory, blueprints, models and services, `count` in all. */
export function flaskProject(count: number): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  files.push({
    path: 'app/__init__.py',
    text: `from flask import Flask

from .extensions import db


def create_app(test_config=None):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///project.db"
    if test_config is not None:
        app.config.from_mapping(test_config)
    db.init_app(app)
    return app
`,
  });
  files.push({ path: 'app/extensions.py', text: 'from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n' });
  for (let i = 0; files.length < count; i++) {
    const kind = i % 4;
    if (kind === 0) files.push({ path: `app/views/view${i}.py`, text: blueprintFile(i) });
    else if (kind === 1) files.push({ path: `app/models/model${i}.py`, text: modelFile(i) });
    else if (kind === 2) files.push({ path: `app/services/service${i}.py`, text: serviceFile(i) });
    else files.push({ path: `scripts/tool${i}.py`, text: scriptFile(i) });
  }
  return files;
}

function blueprintFile(i: number): string {
  let out = `from flask import Blueprint, current_app, jsonify, request

from ..extensions import db

bp = Blueprint("view${i}", __name__, url_prefix="/view${i}")

`;
  for (let r = 0; r < 6; r++) {
    out += `
@bp.route("/r${r}", methods=["GET", "POST"])
def route${r}():
    data = request.get_json(silent=True) or {}
    current_app.logger.debug("route ${r}: %s", data)
    rows = db.session.execute(db.text("select 1")).all()
    return jsonify(count=len(rows), data=data)

`;
  }
  return out;
}

function modelFile(i: number): string {
  let out = `from datetime import datetime

from ..extensions import db

`;
  for (let m = 0; m < 4; m++) {
    out += `
class Model${i}x${m}(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(120), nullable=False)
    created = db.Column(db.DateTime, default=datetime.utcnow)

    def __repr__(self):
        return f"<Model${i}x${m} {self.id}>"

`;
  }
  return out;
}

function serviceFile(i: number): string {
  return `import os


class Settings${i}:
    SECRET_KEY = "hardcoded-${i}"
    TIMEOUT = 30


def compute${i}(values):
    total = 0
    for value in values:
        total += value * 2
    return total


def configure${i}(app):
    app.config.update(DEBUG=True, TIMEOUT=os.environ.get("TIMEOUT", "30"))
    return app
`;
}

function scriptFile(i: number): string {
  return `from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "tool ${i}"


if __name__ == "__main__":
    app.run()
`;
}

/**
 * A naive Flask app, repeated until the module has `lines` lines or `chars` characters: every
 * block has a module-level app, a hard-coded secret key, debug mode switched on twice and an
 * unguarded `app.run`, so findings (and their fixes) come every three lines. No `import os`, so
 * FLK502's and FLK503's fixes must each add one.
 */
export function findingsDenseModule(size: { lines: number } | { chars: number }): string {
  let out = 'from flask import Flask, jsonify, request\n';
  let lines = 1;
  const blockLines = denseBlock(0).split('\n').length - 1;
  const full = () => ('lines' in size ? lines >= size.lines : out.length >= size.chars);
  for (let i = 0; !full(); i++, lines += blockLines) out += denseBlock(i);
  return out;
}

function denseBlock(i: number): string {
  return `

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev-secret-${i}"
app.config["DEBUG"] = True


@app.route("/notes${i}", methods=["GET", "POST"])
def notes${i}():
    if request.method == "POST":
        data = request.get_json(silent=True) or {}
        return jsonify(saved=data.get("title", "")), 201
    return jsonify(page=int(request.args.get("page", 1)))


app.run(debug=True)
`;
}

/**
 * Plain Python functions with no Flask in them, until the text reaches `chars` characters: what
 * a large paste of library code looks like. Not one anchor word, so the rules find nothing.
 */
export function cleanFunctions(chars: number): string {
  let out = '';
  for (let i = 0; out.length < chars; i++) {
    out += `

def weighted_total_${i}(values, factor=2):
    # Adds up the values, weighting the even ones.
    total = 0
    for n, value in enumerate(values):
        if n % factor == 0:
            total += value * factor
        else:
            total -= value
    return max(total, 0)
`;
  }
  return out;
}
