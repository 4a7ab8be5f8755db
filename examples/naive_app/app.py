"""A tiny notes API, written the quick way (see README.md: naive on purpose)."""
from datetime import datetime

from flask import Flask, jsonify, redirect, request
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///naive.db"
app.config["SECRET_KEY"] = "dev-secret-123"
app.config["DEBUG"] = True

db = SQLAlchemy(app)
migrate = Migrate(app, db)

# Tag counts, so the tag cloud does not hit the database on every request.
_cache = {}


class Note(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(120), nullable=False)
    body = db.Column(db.Text, default="")
    tag = db.Column(db.String(40), default="inbox")
    created_at = db.Column(db.DateTime, default=datetime.utcnow)

    def to_dict(self):
        return {
            "id": self.id,
            "title": self.title,
            "body": self.body,
            "tag": self.tag,
            "url": "/api/notes/%d" % self.id,
        }


with app.app_context():
    db.create_all()


@app.route("/")
def index():
    return redirect("/api/notes")


@app.route("/api/notes", methods=["GET"])
def list_notes():
    try:
        notes = Note.query.order_by(Note.created_at.desc()).all()
        return jsonify([n.to_dict() for n in notes])
    except Exception as e:
        return jsonify({"error": str(e)}), 500


@app.route("/api/notes", methods=["POST"])
def create_note():
    try:
        data = request.get_json()
        note = Note(title=data["title"], body=data.get("body", ""), tag=data.get("tag", "inbox"))
        db.session.add(note)
        db.session.commit()
        _cache[note.tag] = _cache.get(note.tag, 0) + 1
        return jsonify(note.to_dict()), 201, {"Location": "/api/notes/%d" % note.id}
    except KeyError:
        return jsonify({"error": "title is required"}), 400
    except Exception as e:
        return jsonify({"message": "could not save note: %s" % e}), 500


@app.route("/api/notes/<int:note_id>", methods=["GET"])
def get_note(note_id):
    try:
        note = Note.query.get(note_id)
        if note is None:
            return jsonify({"error": "Not found"}), 404
        return jsonify(note.to_dict())
    except Exception:
        return "Unknown error", 500


@app.route("/api/tags", methods=["GET"])
def tag_cloud():
    if not _cache:
        for (tag,) in db.session.query(Note.tag).all():
            _cache[tag] = _cache.get(tag, 0) + 1
    return jsonify(_cache)


app.run(debug=True)
