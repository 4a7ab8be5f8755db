from flask import Flask


def create_app():
    app = Flask(__name__)
    from app import errors, health, orders, users

    errors.register_error_handlers(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(users.bp)
    app.register_blueprint(orders.bp)
    return app
