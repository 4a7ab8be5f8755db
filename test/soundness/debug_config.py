"""Debug switched on in config (`app.config["DEBUG"] = True`, `app.debug = True`),
the way many tutorials start; the views do not depend on it."""

from flask import Flask, jsonify

app = Flask(__name__)
app.config["DEBUG"] = True
app.debug = True
app.config["TEMPLATES_AUTO_RELOAD"] = True


@app.route("/")
def index():
    return jsonify(pages=["/", "/status"])


@app.route("/status")
def status():
    return "running"
