"""An app also exposed as `application = app` for mod_wsgi and some PaaS hosts."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "served by mod_wsgi"


application = app
