"""Config modules loaded by name: the default one, then the development one."""
from flask import Flask


def create_app(develop=False):
    app = Flask(__name__)
    app.config.from_object("app.default_config")
    app.config.from_object("app.ci_settings")
    if develop:
        app.config.from_object("app.development")
    return app
