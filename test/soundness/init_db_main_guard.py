"""A script-style app: init_db() wraps db.create_all() in `with app.app_context():`
and is called under the __main__ guard before app.run()."""

from flask import Flask, jsonify
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///:memory:"
db = SQLAlchemy(app)


class Todo(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(80), nullable=False)


def init_db():
    with app.app_context():
        db.create_all()


@app.route("/todos")
def todos():
    try:
        return jsonify([t.title for t in Todo.query.all()])
    except Exception:
        return jsonify(error="no tables"), 500


if __name__ == "__main__":
    init_db()
    app.run(debug=True)
