"""A counter whose starting value comes from the config: `visits =
app.config.get(...)` at module level, then views that declare `global visits`."""

from flask import Flask

app = Flask(__name__)
app.config["INITIAL_VISITS"] = 100
visits = app.config.get("INITIAL_VISITS", 0)


@app.route("/")
def index():
    global visits
    visits += 1
    return f"{visits} visits"
