from flask import Flask  # ok: FLK104


def create_app():
    app = Flask(__name__)
    from .views.users import bp

    app.register_blueprint(bp)
    return app
