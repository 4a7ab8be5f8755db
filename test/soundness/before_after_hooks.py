"""Request hooks: before_request stamps g, after_request adds headers (one from
the config), teardown_request records that it ran."""

from flask import Flask, g

app = Flask(__name__)
app.config["SERVER_NAME_HEADER"] = "notes-api"

torn_down = []


@app.before_request
def start_timer():
    g.request_id = "req-1"


@app.after_request
def add_headers(response):
    response.headers["X-Request-Id"] = g.get("request_id", "none")
    response.headers["X-Served-By"] = app.config["SERVER_NAME_HEADER"]
    return response


@app.teardown_request
def remember_teardown(exc):
    torn_down.append(exc is None)


@app.route("/")
def index():
    return f"teardowns so far: {len(torn_down)}"
