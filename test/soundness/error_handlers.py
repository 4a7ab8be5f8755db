"""Custom error pages: @app.errorhandler(404) and (500) return JSON, and a route
that raises shows the 500 handler at work."""

from flask import Flask, jsonify

app = Flask(__name__)


@app.errorhandler(404)
def not_found(error):
    return jsonify(error="not found", path_hint="check the URL"), 404


@app.errorhandler(500)
def internal_error(error):
    return jsonify(error="internal error"), 500


@app.route("/")
def index():
    return "ok"


@app.route("/boom")
def boom():
    raise RuntimeError("something broke")
