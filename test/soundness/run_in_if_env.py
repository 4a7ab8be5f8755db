"""app.run() guarded by an environment check instead of `__main__`: the server
starts only when RUN_DEV_SERVER is set, which it is not under a WSGI server."""

import os

from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "env-guarded"


if os.environ.get("RUN_DEV_SERVER") == "1":
    app.run()
