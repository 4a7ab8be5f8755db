"""Template helpers put straight into the Jinja environment's dicts:
`app.jinja_env.filters["nl2br"] = ...`, `app.jinja_env.globals.update(...)`, and a
custom 404 page rendered from a template string; a view that raises KeyError."""

from markupsafe import Markup, escape

from flask import Flask, render_template_string

app = Flask(__name__)


def nl2br(value):
    return Markup("<br>".join(escape(line) for line in str(value).splitlines()))


app.jinja_env.filters["nl2br"] = nl2br
app.jinja_env.globals.update(app_version="3.1", support_email="help@example.com")

NOT_FOUND = "<h1>Lost?</h1><p>Write to {{ support_email }} (v{{ app_version }})</p>"


@app.errorhandler(404)
def page_not_found(error):
    return render_template_string(NOT_FOUND), 404


@app.route("/note")
def note():
    return render_template_string("{{ text|nl2br }}", text="line one\nline <two>")


@app.route("/broken")
def broken():
    return {"a": 1}["b"]
