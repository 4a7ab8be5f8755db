from flask import Flask

from .errors import register_error_handlers
from .views import bp


def create_app():
    app = Flask(__name__)  # ok: FLK304
    app.register_blueprint(bp)
    register_error_handlers(app, (404, 500))
    return app
