"""Flask-Caching the documented way: config first, then `cache = Cache(app)`,
and a view cached with @cache.cached."""

from flask import Flask
from flask_caching import Cache

app = Flask(__name__)
app.config["CACHE_TYPE"] = "SimpleCache"
app.config["CACHE_DEFAULT_TIMEOUT"] = 60
cache = Cache(app)

calls = []


@app.route("/slow")
@cache.cached(timeout=30)
def slow():
    calls.append(1)
    return f"computed {len(calls)} time(s)"


@app.route("/calls")
def call_count():
    slow()
    return str(len(calls))
