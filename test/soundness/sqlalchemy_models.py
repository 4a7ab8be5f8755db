"""Flask-SQLAlchemy with `db = SQLAlchemy(app)`, models, and the table creation
plus a seed row in a module-level `with app.app_context():` block."""

from flask import Flask, jsonify
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///:memory:"
db = SQLAlchemy(app)


class Note(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    text = db.Column(db.String(200), nullable=False)


with app.app_context():
    db.create_all()
    db.session.add(Note(text="buy milk"))
    db.session.commit()


@app.route("/notes")
def notes():
    return jsonify([n.text for n in Note.query.order_by(Note.id)])
