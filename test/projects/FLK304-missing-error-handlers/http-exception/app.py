from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

app = Flask(__name__)  # ok: FLK304


@app.errorhandler(HTTPException)
def http_error(error):
    return jsonify(error=error.description), error.code


@app.get("/")
def index():
    return jsonify(ok=True)
