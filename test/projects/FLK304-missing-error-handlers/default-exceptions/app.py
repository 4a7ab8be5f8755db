# A handler for every code Werkzeug knows: the loop's values cannot be read, so nothing is reported.
from flask import Blueprint, Flask, jsonify
from werkzeug.exceptions import HTTPException, default_exceptions

bp = Blueprint("items", __name__)


@bp.get("/items")
def items():
    return jsonify([{"id": 1}])


def handle_error(e):
    code = e.code if isinstance(e, HTTPException) else 500
    return jsonify(error=str(e)), code


def create_app():
    app = Flask(__name__)  # ok: FLK304
    app.register_blueprint(bp)
    for code in default_exceptions:
        app.register_error_handler(code, handle_error)
    return app
