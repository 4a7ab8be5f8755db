from flask import Flask


def create_app():
    app = Flask(__name__)  # expect: FLK203
    from app.orders import api_bp
    from app.users import bp

    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
    return app
