"""A hand-written login_required decorator whose wrapper reads app.config each
time the view runs, plus a before_request hook that loads g.user."""

import functools

from flask import Flask, g, redirect, request

app = Flask(__name__)
app.config["LOGIN_DISABLED"] = False
app.config["LOGIN_URL"] = "/login"


def login_required(view):
    @functools.wraps(view)
    def wrapped_view(*args, **kwargs):
        if app.config["LOGIN_DISABLED"]:
            return view(*args, **kwargs)
        if g.user is None:
            return redirect(app.config["LOGIN_URL"])
        return view(*args, **kwargs)

    return wrapped_view


@app.before_request
def load_user():
    g.user = request.args.get("user")


@app.route("/login")
def login():
    return "please log in"


@app.route("/dashboard")
@login_required
def dashboard():
    return f"welcome {g.user}"
