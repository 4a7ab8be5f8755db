"""The pushed context kept in a variable: `ctx = app.app_context()`, `ctx.push()`,
db.create_all(), as in many notebook-turned-script apps."""

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///:memory:"
db = SQLAlchemy(app)


class Item(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    label = db.Column(db.String(40))


ctx = app.app_context()
ctx.push()
db.create_all()


@app.route("/count")
def count():
    return str(Item.query.count())
