from flask import Flask


def create_app():
    app = Flask(__name__)  # expect: FLK204
    from .monitor import health

    app.register_blueprint(health)
    return app
