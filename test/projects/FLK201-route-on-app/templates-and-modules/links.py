from flask import Blueprint, url_for

links = Blueprint("links", __name__)


@links.route("/links")
def listing():
    return " ".join([url_for("about"), url_for("index", page=2), url_for(".listing")])
