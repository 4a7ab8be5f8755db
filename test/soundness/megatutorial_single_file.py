"""The Mega-Tutorial squeezed into one file: a Config class read with
from_object(), SQLAlchemy, Migrate and LoginManager bound to the app, a User model
with a user_loader, a shell_context_processor and routes."""

import os

from flask import Flask, jsonify
from flask_login import LoginManager, UserMixin
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY") or "you-will-never-guess"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or "sqlite:///:memory:"
    POSTS_PER_PAGE = 3


app = Flask(__name__)
app.config.from_object(Config)
db = SQLAlchemy(app)
migrate = Migrate(app, db)
login = LoginManager(app)
login.login_view = "login"


class User(UserMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(64), index=True, unique=True)


@login.user_loader
def load_user(id):
    return db.session.get(User, int(id))


@app.shell_context_processor
def make_shell_context():
    return {"db": db, "User": User}


@app.route("/")
@app.route("/index")
def index():
    return jsonify(per_page=app.config["POSTS_PER_PAGE"])


@app.route("/login")
def login_page():
    return "sign in"
