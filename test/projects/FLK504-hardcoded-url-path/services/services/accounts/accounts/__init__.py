from flask import Blueprint, Flask

bp = Blueprint("accounts", __name__)


@bp.route("/login")
def login():
    return "login form"


def create_app():
    app = Flask(__name__)
    app.register_blueprint(bp)
    return app
