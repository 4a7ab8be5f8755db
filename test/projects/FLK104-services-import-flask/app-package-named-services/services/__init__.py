"""The app's package happens to be called services: its factory is wiring."""
from flask import Flask  # ok: FLK104


def create_app():
    app = Flask(__name__)
    return app
