from flask import Blueprint

bp = Blueprint("pages", __name__)


@bp.route("/welcome")
def welcome():
    return "welcome"
