from flask import Flask


def create_app():
    app = Flask(__name__)  # expect: FLK304
    from .views import bp

    app.register_blueprint(bp)
    return app
