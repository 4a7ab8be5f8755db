"""A helper that opens `with app.app_context():` itself and is called from a view
(so a context is already active) and from a CLI command."""

import click
from flask import Flask

app = Flask(__name__)
app.config["REPORT_NAME"] = "daily"


def build_report():
    with app.app_context():
        return f"report: {app.config['REPORT_NAME']}"


@app.route("/report")
def report():
    return build_report()


@app.cli.command("report")
def report_command():
    click.echo(build_report())
