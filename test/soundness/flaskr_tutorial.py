"""Flaskr, the Flask tutorial's blog, written as one module with a global app:
sqlite3 through get_db()/close_db() on g, teardown_appcontext, and an init_db()
helper that opens its own `with app.app_context():`, run by an `init-db` CLI command."""

import os
import sqlite3

import click
from flask import Flask, g

app = Flask(__name__, instance_relative_config=True)
app.config.from_mapping(
    SECRET_KEY="dev",
    DATABASE=os.path.join(app.instance_path, "flaskr.sqlite"),
)

try:
    os.makedirs(app.instance_path)
except OSError:
    pass

SCHEMA = """
DROP TABLE IF EXISTS post;
CREATE TABLE post (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, body TEXT NOT NULL);
INSERT INTO post (title, body) VALUES ('Hello', 'First post');
"""


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(app.config["DATABASE"], detect_types=sqlite3.PARSE_DECLTYPES)
        g.db.row_factory = sqlite3.Row
    return g.db


@app.teardown_appcontext
def close_db(e=None):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_db():
    with app.app_context():
        db = get_db()
        db.executescript(SCHEMA)


@app.cli.command("init-db")
def init_db_command():
    """Clear the existing data and create new tables."""
    init_db()
    click.echo("Initialized the database.")


@app.route("/")
def index():
    try:
        posts = get_db().execute("SELECT title, body FROM post ORDER BY id").fetchall()
    except sqlite3.OperationalError:
        return "no database yet", 503
    return "\n".join(f"{p['title']}: {p['body']}" for p in posts)
