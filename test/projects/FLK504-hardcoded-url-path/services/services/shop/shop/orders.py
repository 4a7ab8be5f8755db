from flask import Blueprint, redirect

bp = Blueprint("orders", __name__)


@bp.route("/orders/new")
def new_order():
    # The shop app's own route.
    return redirect("/cart")  # expect: FLK504


@bp.route("/orders/login")
def login():
    # Another app's route.
    return redirect("/login")  # ok: FLK504
