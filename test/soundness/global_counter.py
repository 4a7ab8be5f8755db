"""A visit counter kept in a module-level variable that views update with
`global hits`; the counter does not touch the app, so it stays at module level."""

from flask import Flask

app = Flask(__name__)

hits = 0


@app.route("/")
def index():
    global hits
    hits += 1
    return f"visit number {hits}"


@app.route("/hits")
def show_hits():
    return str(hits)
