"""Flask-Caching configured through its constructor: `Cache(app, config={...})`,
and memoize on a helper that views call."""

from flask import Flask
from flask_caching import Cache

app = Flask(__name__)
cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})


@cache.memoize()
def square(n):
    return n * n


@app.route("/square")
def show_square():
    return str(square(12))
