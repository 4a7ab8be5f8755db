"""A blueprint created after the app, with its own template filter (app_template_filter),
an errorhandler scoped to the blueprint and a CLI group; registered at the end."""

import click
from flask import Blueprint, Flask, render_template_string

app = Flask(__name__)

admin = Blueprint("admin", __name__, url_prefix="/admin", cli_group="admin")


@admin.app_template_filter("shout")
def shout(value):
    return f"{value}".upper() + "!"


@admin.route("/")
def admin_home():
    return render_template_string("{{ 'admin area'|shout }}")


@admin.cli.command("purge")
def purge():
    click.echo("purged 0 sessions")


app.register_blueprint(admin)
