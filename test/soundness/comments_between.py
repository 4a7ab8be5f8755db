"""Comments everywhere: section banners, comments between the app and its config,
trailing comments, a commented-out route, and a comment before the guard."""

# --------------------------------------------------------------------------
# Imports
# --------------------------------------------------------------------------
from flask import Flask  # the framework

# --------------------------------------------------------------------------
# App
# --------------------------------------------------------------------------
app = Flask(__name__)  # the one and only app
# Settings for the dev box.
app.config["ITEMS_PER_PAGE"] = 20  # tweak later

# A simple home page.
@app.route("/")
def home():
    # the body is trivial
    return "home"


# @app.route("/old")
# def old():
#     return "gone"

# Health check for the load balancer.
@app.route("/health")
def health():
    return "ok"  # always

# Run locally with `python app.py`.
if __name__ == "__main__":
    app.run()
