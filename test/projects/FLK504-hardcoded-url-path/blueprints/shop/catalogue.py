from flask import Blueprint, redirect

catalogue = Blueprint("catalogue", __name__, url_prefix="/items")


def show(item_id):
    return f"item {item_id}"


catalogue.add_url_rule("/<int:item_id>", view_func=show, endpoint="item")


@catalogue.route("/")
def listing():
    return "items"


@catalogue.route("/first")
def first():
    return redirect("/items/1")  # expect: FLK504


@catalogue.route("/account")
def account():
    return redirect("/auth/login")  # expect: FLK504


@catalogue.route("/misses")
def misses():
    if first:
        return redirect("/login")  # ok: FLK504 (served under /auth)
    if show:
        return redirect("/auth/login/")  # ok: FLK504 (a trailing slash the rule does not have)
    if listing:
        return redirect("/auth/register")  # ok: FLK504 (no such route)
    return redirect("/items/one")  # ok: FLK504 (not an int)
