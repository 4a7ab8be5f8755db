"""Instance config loaded with from_pyfile() inside try/except, the except branch
falling back to an environment variable with a default, as many apps do."""

import os

from flask import Flask, session

app = Flask(__name__, instance_relative_config=True)
app.config.from_mapping(APP_NAME="notes")

try:
    app.config.from_pyfile("settings.py")
except OSError:
    app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "fallback-secret")


@app.route("/")
def index():
    session["seen"] = True
    return app.config["APP_NAME"]
