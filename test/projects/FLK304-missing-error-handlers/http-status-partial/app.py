# An HTTPStatus member is read as its code: 404 is handled, 500 is not.
from http import HTTPStatus as Status

from flask import Blueprint, Flask, jsonify

bp = Blueprint("items", __name__)


@bp.get("/items")
def items():
    return jsonify([{"id": 1}])


def create_app():
    app = Flask(__name__)  # expect: FLK304
    app.register_blueprint(bp)

    @app.errorhandler(Status.NOT_FOUND)
    def not_found(e):
        return jsonify(error="Not found"), Status.NOT_FOUND

    return app
