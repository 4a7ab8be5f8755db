"""A blueprint defined in the same module as a global app: routes on the
blueprint, then app.register_blueprint(bp, url_prefix="/api")."""

from flask import Blueprint, Flask, jsonify

api = Blueprint("api", __name__)


@api.route("/status")
def status():
    return jsonify(status="up")


@api.route("/version")
def version():
    return jsonify(version="1.2.0")


app = Flask(__name__)
app.register_blueprint(api, url_prefix="/api")


@app.route("/")
def index():
    return "see /api/status"
