from flask import Flask, jsonify

app = Flask(__name__)  # expect: FLK304


@app.get("/items")
def items():
    return jsonify(items=[])


@app.get("/missing")
def missing():
    return {"error": "gone"}, 410
