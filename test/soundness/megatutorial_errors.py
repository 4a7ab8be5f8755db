"""The Mega-Tutorial's error handling: @app.errorhandler(404) and (500), the 500
handler rolling back the database session, and a view that fails on a duplicate row."""

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///:memory:"
db = SQLAlchemy(app)


class Tag(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(20), unique=True)


@app.errorhandler(404)
def not_found_error(error):
    return "<h1>File Not Found</h1>", 404


@app.errorhandler(500)
def internal_error(error):
    db.session.rollback()
    return "<h1>An unexpected error has occurred</h1>", 500


@app.route("/tags/duplicate")
def duplicate():
    db.create_all()
    db.session.add_all([Tag(name="flask"), Tag(name="flask")])
    db.session.commit()
    return "unreachable"


@app.route("/tags")
def tags():
    db.create_all()
    return ", ".join(t.name for t in Tag.query.all()) or "no tags"
