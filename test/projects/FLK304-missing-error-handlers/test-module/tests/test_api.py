# Test code: an app built here is no application of the project.
from flask import Flask, jsonify


def test_json():
    app = Flask(__name__)  # ok: FLK304

    @app.get("/")
    def index():
        return jsonify(ok=True)

    assert app.test_client().get("/").json == {"ok": True}
