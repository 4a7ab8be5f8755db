"""An application factory that loads its config by name, as Flask's docs show (`default_settings`)."""
from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config.from_object("app.default_config")
    app.config.from_object("app.testing_config")
    app.config.from_object("app.ci_settings")
    # A class of a module, not the module: its other names are not config.
    app.config.from_object("app.settings.ProductionConfig")
    return app
