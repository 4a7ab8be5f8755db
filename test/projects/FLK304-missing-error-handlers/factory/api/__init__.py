from flask import Flask


def create_app():
    app = Flask(__name__)  # expect: FLK304
    from .users import users

    app.register_blueprint(users)
    return app
