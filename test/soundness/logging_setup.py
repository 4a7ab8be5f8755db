"""Logging configured on the app at import: a handler with a formatter added to
app.logger, the level set, and views that log."""

import logging

from flask import Flask

app = Flask(__name__)

handler = logging.StreamHandler()
handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
app.logger.addHandler(handler)
app.logger.setLevel(logging.INFO)


@app.route("/")
def index():
    app.logger.info("index served")
    return str(app.logger.level)
