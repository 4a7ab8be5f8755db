from flask import Blueprint, redirect

other = Blueprint("other", __name__, url_prefix="/a")
twice = Blueprint("twice", __name__, url_prefix="/t")


@other.route("/y")
def y():
    return "y"


@other.route("/go")
def go():
    if y:
        # app.py registers it under /b: its constructor's prefix is not its URL.
        return redirect("/a/y")  # ok: FLK504
    return redirect("/b/y")  # expect: FLK504


@twice.route("/page")
def page():
    # Registered twice in app.py.
    return redirect("/t/page")  # ok: FLK504
