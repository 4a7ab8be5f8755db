"""The secret key set with `app.secret_key = ...` (a literal), sessions and
flash messages in the views."""

from flask import Flask, flash, get_flashed_messages, session

app = Flask(__name__)
app.secret_key = "super secret key"


@app.route("/")
def index():
    session["n"] = session.get("n", 0) + 1
    flash("welcome back")
    return f"visits in this session: {session['n']}"


@app.route("/messages")
def messages():
    return ",".join(get_flashed_messages()) or "none"
