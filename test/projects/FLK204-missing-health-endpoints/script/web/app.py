# Run as a script (`python web/app.py`): a relative `from .health import health` would fail there.
from flask import Flask, jsonify

app = Flask(__name__)  # expect: FLK204


@app.route("/api")
def api():
    return jsonify(a=1)


if __name__ == "__main__":
    app.run()
