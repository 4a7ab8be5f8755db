from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/a")
def a():
    return jsonify({"error": "nope"}), 400  # ok: FLK303
