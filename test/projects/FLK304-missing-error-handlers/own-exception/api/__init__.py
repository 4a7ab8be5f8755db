# A handler for the project's own exception class covers neither 404 nor 500.
from flask import Flask, jsonify

from .errors import APIError
from .views import bp


def create_app():
    app = Flask(__name__)  # expect: FLK304
    app.register_blueprint(bp)

    @app.errorhandler(APIError)
    def api_error(e):
        return jsonify(error=e.message), e.status_code

    @app.errorhandler(ValueError)
    def bad_value(e):
        return jsonify(error=str(e)), 400

    return app
