from flask import Flask


def create_app():
    app = Flask(__name__)  # ok: FLK204
    from .health import bp as health_bp

    app.register_blueprint(health_bp, url_prefix="/ops")
    return app
