from flask import Flask


def create_app():
    app = Flask(__name__)
    from .auth import bp as auth_bp
    from .catalogue import catalogue

    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(catalogue)
    return app
