import click
from flask import Flask

app = Flask(__name__)  # ok: FLK204


@app.cli.command()
@click.argument("name")
def greet(name):
    print(name)
