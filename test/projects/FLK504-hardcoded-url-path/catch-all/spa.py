from flask import Blueprint, redirect, send_file

bp = Blueprint("spa", __name__)


@bp.get("/<path:path>")
def catch_all(path):
    return send_file("dist/index.html")


@bp.get("/<username>")
def profile(username):
    return f"profile of {username}"


@bp.get("/blog/<slug>")
def post(slug):
    return f"post {slug}"


@bp.post("/logout")
def logout():
    # The blueprint's routes are known through the registration in app.py: only the catch-alls
    # match, and the literal repeats neither.
    return redirect("/goodbye")  # ok: FLK504


@bp.post("/publish")
def publish():
    return redirect("/blog/hello")  # expect: FLK504
