# Run as a script (`python web/app.py`): a relative `from .errors import ...` in the factory would fail there.
from flask import Flask, jsonify


def create_app():
    app = Flask(__name__)  # expect: FLK304

    @app.get("/api")
    def api():
        return jsonify(a=1)

    return app


if __name__ == "__main__":
    create_app().run()
