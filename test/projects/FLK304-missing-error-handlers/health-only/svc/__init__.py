# Its only JSON is the health checks': a site, not an API.
from flask import Flask


def create_app():
    app = Flask(__name__)  # ok: FLK304
    from .health import health

    app.register_blueprint(health)

    @app.get("/")
    def index():
        return "hello"

    return app
