"""A module-level app that memoises lookups in module-level dicts and collects one request's warnings in a list.

Exercises FLK401's fixes together with the factory rewrite: Flask-Caching's `cache.init_app(app)`
must follow the app into `create_app`, and the list becomes `flask.g` data.
"""
import json

from flask import Flask, jsonify

app = Flask(__name__)
app.config["GREETING"] = "hello"

# Lookups are slow: keep their results.
_profiles = {}
_warnings = []


def fetch_profile(name):
    return {"name": name, "length": len(name)}


def profile(name):
    if name not in _profiles:
        _profiles[name] = fetch_profile(name)
    return _profiles[name]


@app.route("/")
def index():
    return jsonify(greeting=app.config["GREETING"], profile=profile("ada"))


@app.route("/report")
def report():
    _warnings.clear()
    for name in ("ada", "x"):
        if len(name) < 2:
            _warnings.append(f"{name} is short")
    return json.dumps({"warnings": _warnings, "profile": profile("grace")})


if __name__ == "__main__":
    app.run()
