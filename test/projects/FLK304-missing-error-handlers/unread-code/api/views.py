from flask import Blueprint, jsonify

bp = Blueprint("items", __name__)


@bp.get("/items")
def items():
    return jsonify([{"id": 1}])
