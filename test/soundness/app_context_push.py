"""Flask-SQLAlchemy the quick way: `app.app_context().push()` at module level,
then db.create_all() and a seed row while the module is imported."""

from flask import Flask, jsonify
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///:memory:"
app.config["SQLALCHEMY_TRACK_MODIFICATIONS"] = False
db = SQLAlchemy(app)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50), unique=True)


app.app_context().push()
db.create_all()
db.session.add(User(name="ada"))
db.session.commit()


@app.route("/users")
def users():
    return jsonify([u.name for u in User.query.order_by(User.id)])
