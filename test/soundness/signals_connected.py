"""Flask signals: request_started and request_finished connected to the app with
`signal.connect(handler, app)`, counting requests."""

from flask import Flask, request_finished, request_started

app = Flask(__name__)
seen = {"started": 0, "finished": 0}


def on_started(sender, **extra):
    seen["started"] += 1


def on_finished(sender, response, **extra):
    seen["finished"] += 1
    response.headers["X-Seen"] = str(seen["started"])


request_started.connect(on_started, app)
request_finished.connect(on_finished, app)


@app.route("/")
def index():
    return f"started={seen['started']}"
