# Rebar's init_app registers JSON handlers for 404 and for Exception on the app.
from flask import Blueprint, Flask, jsonify
from flask_rebar import Rebar

rebar = Rebar()
bp = Blueprint("items", __name__)


@bp.get("/items")
def items():
    return jsonify([{"id": 1}])


def create_app():
    app = Flask(__name__)  # ok: FLK304
    app.register_blueprint(bp)
    rebar.init_app(app)
    return app
