from flask import Flask, jsonify

app = Flask(__name__)
app.config["JSON_SORT_KEYS"] = False


@app.route("/about")
def about():
    return jsonify(status="ok")
