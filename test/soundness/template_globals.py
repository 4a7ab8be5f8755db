"""Template helpers every way Flask offers: app.add_template_global(), @app.template_global(),
app.add_template_filter(), @app.template_test() and a @app.context_processor."""

from datetime import datetime

from flask import Flask, render_template_string

app = Flask(__name__)
app.config["SITE_NAME"] = "Recipes"


def site_name():
    return "Recipes & Co"


app.add_template_global(site_name, "site_name")


@app.template_global()
def copyright_year():
    return 2024


def initials(value):
    return "".join(part[0] for part in str(value).split() if part)


app.add_template_filter(initials)


@app.template_test("long")
def is_long(value):
    return len(str(value)) > 10


@app.context_processor
def inject_site():
    return {"tagline": "Cook more", "built": datetime(2024, 5, 1).strftime("%Y-%m-%d")}


@app.route("/")
def index():
    return render_template_string("{{ site_name() }} {{ copyright_year() }} {{ 'Ada Lovelace'|initials }} {{ tagline }}")
