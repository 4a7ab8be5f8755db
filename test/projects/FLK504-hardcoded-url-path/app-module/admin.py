from flask import Blueprint, redirect

admin = Blueprint("admin", __name__)


@admin.route("/")
def dashboard():
    return redirect("/")  # expect: FLK504


@admin.route("/team")
def team():
    return redirect("/about")  # expect: FLK504


@admin.route("/elsewhere")
def elsewhere():
    return redirect("https://example.com/")  # ok: FLK504
