from flask import Flask, jsonify

app = Flask(__name__)  # ok: FLK304


# Another app's handler: b.py's app does not get it.
@app.errorhandler(404)
def not_found(error):
    return jsonify(error="not found"), 404
