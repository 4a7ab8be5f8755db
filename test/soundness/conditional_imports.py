"""Optional dependencies imported in try/except ImportError: a faster JSON library
if present, Flask-Caching if installed (else a no-op stand-in)."""

try:
    import ujson as json
except ImportError:
    import json

try:
    from flask_caching import Cache
except ImportError:  # pragma: no cover
    Cache = None

from flask import Flask

app = Flask(__name__)
app.config["CACHE_TYPE"] = "SimpleCache"

if Cache is not None:
    cache = Cache(app)
else:
    cache = None


@app.route("/data")
def data():
    return json.dumps({"cached": cache is not None})
