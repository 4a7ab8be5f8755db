"""The secret key read with os.environ["SECRET_KEY"] (no default, so production
fails loudly), the database URL with os.environ.get() and a sqlite default."""

import os

from flask import Flask, session

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
app.config["DATABASE_URL"] = os.environ.get("DATABASE_URL", "sqlite:///:memory:")


@app.route("/")
def index():
    session["visited"] = True
    return app.config["DATABASE_URL"]
