from flask import Blueprint, jsonify  # ok: FLK104

from ..services.users import rename  # ok: FLK104

bp = Blueprint("users", __name__)


@bp.post("/users/<int:user_id>/name")
def rename_user(user_id):
    return jsonify(name=rename({}, user_id).name)
