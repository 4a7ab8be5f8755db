# The loop's codes are read: 404 is handled, 500 is not, and the fix is not offered.
from flask import Blueprint, Flask, jsonify

bp = Blueprint("items", __name__)


@bp.get("/items")
def items():
    return jsonify([{"id": 1}])


def handle_http_error(e):
    return jsonify(error=e.name), e.code


def create_app():
    app = Flask(__name__)  # expect: FLK304
    app.register_blueprint(bp)
    for code in [400, 404, 405]:
        app.register_error_handler(code, handle_http_error)
    return app
