from flask import Blueprint, Flask, jsonify
from werkzeug.exceptions import InternalServerError, NotFound

bp = Blueprint("items", __name__)


@bp.get("/items")
def items():
    return jsonify([{"id": 1}])


def not_found(e):
    return jsonify(error="Not found"), 404


def server_error(e):
    return jsonify(error="Internal server error"), 500


def create_app():
    app = Flask(__name__)  # ok: FLK304
    app.register_blueprint(bp)
    for error, handler in ((NotFound, not_found), (InternalServerError, server_error)):
        app.register_error_handler(error, handler)
    return app
