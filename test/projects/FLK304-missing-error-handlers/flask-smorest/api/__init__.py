from flask import Flask

from .extensions import api
from .views import bp


def create_app():
    app = Flask(__name__)  # ok: FLK304
    app.config.update(API_TITLE="Items", API_VERSION="v1", OPENAPI_VERSION="3.0.3")
    api.init_app(app)
    app.register_blueprint(bp)
    return app
