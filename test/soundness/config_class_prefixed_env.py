"""Config from a class with from_object(), then from_prefixed_env() and a
FLASK_-free settings file via from_envvar(silent=True)."""

from flask import Flask


class DefaultConfig:
    ITEMS = 10
    FEATURE_X = False


app = Flask(__name__)
app.config.from_object(DefaultConfig)
app.config.from_prefixed_env("NOTES")
app.config.from_envvar("NOTES_SETTINGS", silent=True)


@app.route("/items")
def items():
    return str(app.config["ITEMS"])


@app.route("/feature")
def feature():
    return "on" if app.config["FEATURE_X"] else "off"
