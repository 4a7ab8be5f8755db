"""CLI commands on a global app: @app.cli.command with a click option and one
without a name, a click group added with app.cli.add_command()."""

import click
from flask import Flask

app = Flask(__name__)
app.config["GREETING"] = "Hello"


@app.cli.command("greet")
@click.option("--name", default="world")
def greet(name):
    """Say hello."""
    click.echo(f"{app.config['GREETING']}, {name}!")


@app.cli.command()
def seed():
    """Load demo data."""
    click.echo("seeded 3 rows")


@click.group()
def users():
    """Manage users."""


@users.command("count")
def users_count():
    click.echo("0 users")


app.cli.add_command(users)


@app.route("/")
def index():
    return "cli app"
