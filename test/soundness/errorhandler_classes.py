"""Error handlers registered by exception class: @app.errorhandler(ValueError),
an HTTPException handler, and register_error_handler() for KeyError."""

from flask import Flask, abort, jsonify
from werkzeug.exceptions import HTTPException

app = Flask(__name__)


@app.errorhandler(ValueError)
def bad_value(error):
    return f"bad value: {error}", 400


@app.errorhandler(HTTPException)
def http_error(error):
    return jsonify(code=error.code, name=error.name), error.code


def missing_key(error):
    return f"missing key {error}", 422


app.register_error_handler(KeyError, missing_key)


@app.route("/value")
def value():
    raise ValueError("negative amount")


@app.route("/key")
def key():
    return {}["user_id"]


@app.route("/forbidden")
def forbidden():
    abort(403)
