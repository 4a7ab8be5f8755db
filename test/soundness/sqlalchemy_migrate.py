"""Flask-SQLAlchemy and Flask-Migrate both bound to the app (`Migrate(app, db)`),
which adds the `flask db` command group."""

from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///:memory:"
db = SQLAlchemy(app)
migrate = Migrate(app, db)


class Tag(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(30))


@app.route("/")
def index():
    return "migrations ready"
