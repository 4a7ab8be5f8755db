"""A settings helper `get_setting(name, default)` that reads app.config at call
time, used by views and by an after_request hook."""

from flask import Flask

app = Flask(__name__)
app.config["THEME"] = "dark"
app.config["CACHE_SECONDS"] = 120


def get_setting(name, default=None):
    return app.config.get(name, default)


@app.after_request
def cache_headers(response):
    response.headers["Cache-Control"] = f"max-age={get_setting('CACHE_SECONDS', 0)}"
    return response


@app.route("/theme")
def theme():
    return get_setting("THEME", "light")
