"""An app built by a factory, with no health-check endpoint: FLK204 when it is turned on."""
from flask import Blueprint, Flask

main = Blueprint("main", __name__)


@main.get("/")
def index():
    return "hello"


def create_app():
    app = Flask(__name__)
    app.register_blueprint(main)
    return app
