"""One-time setup with @app.before_first_request (deprecated in Flask 2.2 but
common in older code), filling a module-level list."""

import warnings

from flask import Flask

warnings.filterwarnings("ignore", category=DeprecationWarning)

app = Flask(__name__)
setup_done = []


@app.before_first_request
def setup():
    setup_done.append("ready")


@app.route("/")
def index():
    return ",".join(setup_done)
