"""abort() with several codes, a 403 handler that renders a template string, and
a 405 from a POST-only route reached with GET (not compared: not GET)."""

from flask import Flask, abort, render_template_string

app = Flask(__name__)


@app.errorhandler(403)
def forbidden(error):
    return render_template_string("<h1>{{ code }} forbidden</h1>", code=error.code), 403


@app.route("/admin")
def admin():
    abort(403)


@app.route("/gone")
def gone():
    abort(410, description="this page was removed")


@app.route("/submit", methods=["POST"])
def submit():
    return "thanks"
