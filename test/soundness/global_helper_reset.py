"""A module-level cache filled from the app's config, with a plain helper that
declares `global` to reset it and a view that reads it."""

from flask import Flask

app = Flask(__name__)
app.config["FEATURES"] = ["search", "export"]

enabled_features = list(app.config["FEATURES"])


def reset_features():
    global enabled_features
    enabled_features = []


@app.route("/features")
def features():
    return ",".join(enabled_features) or "none"


@app.route("/features/reset")
def features_reset():
    reset_features()
    return "reset"
