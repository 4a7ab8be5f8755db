"""A factory that imports its views inside an app context, as CTFd's create_app does."""
from flask import Flask, current_app

from pkg import settings

NAME = current_app.name  # expect: FLK403


def create_app():
    app = Flask(__name__)
    with app.app_context():
        from pkg.views import bp

        app.register_blueprint(bp)
    with app.test_request_context("/"):
        import pkg.warmup  # noqa: F401
    return app
