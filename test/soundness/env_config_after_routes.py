"""Config read from the environment near the end of the module, after the routes:
`app.config.update(...)` inside an `if os.environ.get(...)` block, then a plain line."""

import os

from flask import Flask

app = Flask(__name__)


@app.route("/mode")
def mode():
    return app.config.get("MODE", "unset")


if os.environ.get("APP_MODE"):
    app.config.update(MODE=os.environ["APP_MODE"])
else:
    app.config.update(MODE="development")

app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "dev-only")
