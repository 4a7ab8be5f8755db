"""Security headers from config applied in after_request, with the config
defined after the hook (order the rewrite keeps for config lines)."""

from flask import Flask

app = Flask(__name__)


@app.after_request
def security_headers(response):
    response.headers["X-Frame-Options"] = app.config["FRAME_OPTIONS"]
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


app.config["FRAME_OPTIONS"] = "DENY"


@app.route("/")
def index():
    return "secured"
