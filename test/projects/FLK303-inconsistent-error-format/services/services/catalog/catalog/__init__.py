from flask import Flask, jsonify


def create_app():
    app = Flask(__name__)

    @app.errorhandler(404)
    def not_found(e):
        # Billing answers `error`, but it is another app.
        return jsonify({"message": "not found"}), 404  # ok: FLK303

    @app.errorhandler(500)
    def server_error(e):
        return jsonify({"message": "internal error"}), 500  # ok: FLK303

    from .views import bp

    app.register_blueprint(bp)
    return app
