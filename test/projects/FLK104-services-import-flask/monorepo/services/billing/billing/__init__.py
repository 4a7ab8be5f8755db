"""A monorepo: services/ holds projects, and billing/ is this one's package."""
from flask import Flask  # ok: FLK104


def create_app():
    app = Flask(__name__)
    return app
