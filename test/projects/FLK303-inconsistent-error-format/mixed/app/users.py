from flask import Blueprint, abort, jsonify, request

bp = Blueprint("users", __name__, url_prefix="/users")
USERS = {1: "ada"}


@bp.get("/<int:user_id>")
def get_user(user_id):
    if user_id not in USERS:
        return jsonify({"error": "user not found"}), 404  # ok: FLK303
    return jsonify(name=USERS[user_id])


@bp.post("")
def create_user():
    payload = request.get_json(silent=True) or {}
    if "name" not in payload:
        return jsonify(error="name is required", field="name"), 400  # ok: FLK303
    if payload["name"] in USERS.values():
        # Both keys: a client that reads `error` finds it.
        return {"error": "conflict", "message": "name is taken"}, 409  # ok: FLK303
    if payload["name"] == "root":
        abort(403, description="reserved name")  # ok: FLK303
    return {"message": "created"}, 201  # ok: FLK303
