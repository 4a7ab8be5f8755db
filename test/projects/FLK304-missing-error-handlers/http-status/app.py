# HTTPStatus members, through `from http import HTTPStatus` and through `import http`.
import http
from http import HTTPStatus

from flask import Blueprint, Flask, jsonify

bp = Blueprint("items", __name__)


@bp.get("/items")
def items():
    return jsonify([{"id": 1}])


def create_app():
    app = Flask(__name__)  # ok: FLK304
    app.register_blueprint(bp)

    @app.errorhandler(HTTPStatus.NOT_FOUND)
    def not_found(e):
        return jsonify(error="Not found"), HTTPStatus.NOT_FOUND

    @app.errorhandler(http.HTTPStatus.INTERNAL_SERVER_ERROR)
    def server_error(e):
        return jsonify(error="Internal server error"), HTTPStatus.INTERNAL_SERVER_ERROR

    return app
