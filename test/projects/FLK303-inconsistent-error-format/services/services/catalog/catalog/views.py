from flask import Blueprint, jsonify

bp = Blueprint("items", __name__)


@bp.get("/items/<int:item_id>")
def item(item_id):
    if item_id < 0:
        # Its own app answers `message`.
        return jsonify({"error": "bad id"}), 400  # expect: FLK303
    return {"id": item_id}
