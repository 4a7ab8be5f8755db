"""Flask-Caching set up in the wrong order: `cache = Cache(app)` first, the
CACHE_TYPE line after it, so the cache was built from the defaults."""

from flask import Flask
from flask_caching import Cache

app = Flask(__name__)
cache = Cache(app)
app.config["CACHE_TYPE"] = "SimpleCache"


@app.route("/")
def index():
    cache.set("greeting", "hello")
    return repr(cache.get("greeting"))
