"""Flask-Login the init_app way inside one module: `login_manager = LoginManager()`,
then `login_manager.init_app(app)` after the config, with an unauthorized handler."""

from flask import Flask
from flask_login import LoginManager, current_user, login_required

login_manager = LoginManager()

app = Flask(__name__)
app.config["SECRET_KEY"] = "another-dev-key"
login_manager.init_app(app)


@login_manager.user_loader
def load_user(user_id):
    return None


@login_manager.unauthorized_handler
def unauthorized():
    return "login first", 401


@app.route("/secret")
@login_required
def secret():
    return f"hello {current_user.get_id()}"
