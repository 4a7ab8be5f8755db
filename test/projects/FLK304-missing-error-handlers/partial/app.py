# 404 is handled: the fix is not offered, since a second handler would replace this one.
from flask import Flask, jsonify

app = Flask(__name__)  # expect: FLK304


@app.errorhandler(404)
def not_found(error):
    return jsonify(error="not found"), 404


@app.get("/")
def index():
    return jsonify(ok=True)
