"""sqlite3 on g with teardown_appcontext, and lazy schema creation in a
before_request hook guarded by a `global _initialized` flag."""

import sqlite3

from flask import Flask, g

app = Flask(__name__)
app.config["DATABASE"] = ":memory:"

_initialized = False


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(app.config["DATABASE"])
    return g.db


@app.teardown_appcontext
def close_db(exception):
    db = g.pop("db", None)
    if db is not None:
        db.close()


@app.before_request
def ensure_schema():
    global _initialized
    get_db().execute("CREATE TABLE IF NOT EXISTS kv (k TEXT, v TEXT)")
    _initialized = True


@app.route("/")
def index():
    count = get_db().execute("SELECT COUNT(*) FROM kv").fetchone()[0]
    return f"initialized={_initialized} rows={count}"
