# The codes come from the caller: this module cannot tell which they are.
from flask import jsonify


def handle_error(e):
    return jsonify(error=e.name), e.code


def register_error_handlers(app, codes):
    for code in codes:
        app.register_error_handler(code, handle_error)
