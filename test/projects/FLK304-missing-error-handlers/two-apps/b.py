from flask import Flask, jsonify

app = Flask(__name__)  # expect: FLK304


@app.route("/x")
def x():
    return jsonify(a=1)
