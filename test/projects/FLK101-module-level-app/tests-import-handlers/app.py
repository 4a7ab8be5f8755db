from flask import Flask, jsonify

app = Flask(__name__)  # expect: FLK101


@app.template_filter("rev")
def rev(s):
    return s[::-1]


@app.errorhandler(404)
def not_found(e):
    return jsonify(error="not found"), 404


@app.route("/")
def index():
    return rev("abc")
