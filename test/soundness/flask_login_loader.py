"""Flask-Login bound to the app with LoginManager(app): a user_loader, a
login_view, a UserMixin class kept in a dict, and views using current_user."""

from flask import Flask
from flask_login import LoginManager, UserMixin, current_user, login_required

app = Flask(__name__)
app.config["SECRET_KEY"] = "change-me"

login_manager = LoginManager(app)
login_manager.login_view = "login"


class User(UserMixin):
    def __init__(self, user_id, name):
        self.id = user_id
        self.name = name


USERS = {"1": User("1", "ada")}


@login_manager.user_loader
def load_user(user_id):
    return USERS.get(user_id)


@app.route("/login")
def login():
    return "login form"


@app.route("/profile")
@login_required
def profile():
    return current_user.name


@app.route("/whoami")
def whoami():
    return "anonymous" if current_user.is_anonymous else current_user.name
