from flask import Blueprint, redirect

bp = Blueprint("auth", __name__)


@bp.route("/login")
def login():
    return "login"


@bp.route("/logout")
def logout():
    # The prefix comes from the registration in another module.
    return redirect("/auth/login")  # expect: FLK504
