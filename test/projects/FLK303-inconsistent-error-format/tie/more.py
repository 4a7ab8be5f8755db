from flask import Blueprint, jsonify

bp = Blueprint("more", __name__)


@bp.get("/b")
def b():
    # One `error`, one `message`: no format is the project's, so neither is reported.
    return jsonify({"message": "nope"}), 400  # ok: FLK303
