"""Tutorial-style sqlite setup run while the module is imported: init_db() reads
app.config and is called inside a module-level `with app.app_context():`."""

import os
import sqlite3
import tempfile

from flask import Flask

app = Flask(__name__)
app.config["DATABASE"] = os.path.join(tempfile.gettempdir(), "flaskr_init_at_import.sqlite")


def init_db():
    with sqlite3.connect(app.config["DATABASE"]) as conn:
        conn.execute("DROP TABLE IF EXISTS entries")
        conn.execute("CREATE TABLE entries (title TEXT)")
        conn.execute("INSERT INTO entries VALUES ('first entry')")


with app.app_context():
    init_db()


@app.route("/")
def show_entries():
    with sqlite3.connect(app.config["DATABASE"]) as conn:
        rows = conn.execute("SELECT title FROM entries").fetchall()
    return ", ".join(r[0] for r in rows)
