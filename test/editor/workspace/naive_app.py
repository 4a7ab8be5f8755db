"""A notes service written the quick way: every rule has something to say."""
from flask import Flask, jsonify
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///notes.db"
app.config["SECRET_KEY"] = "dev-secret-123"
app.config["DEBUG"] = True

db = SQLAlchemy(app)


@app.route("/")
def index():
    return jsonify(status="ok")


app.run(debug=True)
