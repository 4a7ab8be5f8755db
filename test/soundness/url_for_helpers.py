"""Helper functions that build links with url_for() and read app.config, used by
several views."""

from flask import Flask, url_for

app = Flask(__name__)
app.config["BRAND"] = "Shop"


def nav_links():
    return [url_for("index"), url_for("products"), url_for("about")]


def title(page):
    return f"{page} | {app.config['BRAND']}"


@app.route("/")
def index():
    return title("Home") + " " + " ".join(nav_links())


@app.route("/products")
def products():
    return title("Products")


@app.route("/about")
def about():
    return title("About")
