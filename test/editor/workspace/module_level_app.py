from flask import Flask, jsonify

app = Flask(__name__)
app.config["JSON_SORT_KEYS"] = False


@app.route("/health")
def health():
    return jsonify(status="ok")
