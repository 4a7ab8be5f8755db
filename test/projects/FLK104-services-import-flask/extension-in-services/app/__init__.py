from flask import Flask

from app.services.ldap import ldap


def create_app():
    app = Flask(__name__)
    ldap.init_app(app)
    return app
