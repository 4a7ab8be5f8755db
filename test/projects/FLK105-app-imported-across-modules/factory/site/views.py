from flask import Blueprint, current_app  # ok: FLK105

from . import create_app  # ok: FLK105

bp = Blueprint("views", __name__)


@bp.route("/")
def index():
    return current_app.name + create_app.__name__
