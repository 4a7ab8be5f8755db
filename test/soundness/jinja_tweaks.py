"""Jinja settings changed on the global app: trim_blocks, lstrip_blocks, the do
extension, and a @app.template_filter for money."""

from flask import Flask, render_template_string

app = Flask(__name__)
app.jinja_env.trim_blocks = True
app.jinja_env.lstrip_blocks = True
app.jinja_env.add_extension("jinja2.ext.do")


@app.template_filter("money")
def money(value):
    try:
        return f"${float(value):,.2f}"
    except (TypeError, ValueError):
        return "n/a"


@app.route("/")
def index():
    return render_template_string(
        "{% set items = [] %}{% do items.append(3) %}\n{% for i in items %}\n  {{ i|money }}\n{% endfor %}\n"
    )
