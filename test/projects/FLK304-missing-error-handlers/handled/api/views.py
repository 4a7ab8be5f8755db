from flask import Blueprint, jsonify

bp = Blueprint("views", __name__)


@bp.get("/")
def index():
    return jsonify(ok=True)
