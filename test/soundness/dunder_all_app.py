"""A module whose `__all__` exports the app itself, as some packages do for
`from module import *`."""

from flask import Flask

__all__ = ["app"]

app = Flask(__name__)


@app.route("/")
def index():
    return "exported"
