from flask import Blueprint, redirect

bp = Blueprint("views", __name__)


@bp.route("/home")
def home():
    # `url_for("site.welcome")` builds `/welcome`, not this path: flagged without a fix.
    return redirect("/")  # expect: FLK504
