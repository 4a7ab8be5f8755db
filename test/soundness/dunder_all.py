"""A module with `__all__` naming its public helpers (not the app), and views
that use them."""

from flask import Flask

__all__ = ["slugify", "SLUG_SEPARATOR"]

SLUG_SEPARATOR = "-"


def slugify(title):
    return SLUG_SEPARATOR.join(title.lower().split())


app = Flask(__name__)


@app.route("/slug")
def slug():
    return slugify("Hello Flask World")
