from flask import Blueprint, redirect

bp = Blueprint("views", __name__)


@bp.route("/page")
def page():
    return "page"


@bp.route("/old")
def old():
    # Registered twice: the module cannot tell which URL is meant.
    return redirect("/v1/page")  # ok: FLK504
