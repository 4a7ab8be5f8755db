"""Non-ASCII text in strings, comments and names of config keys' values:
German, Japanese and emoji in bodies, a JSON response with ensure_ascii off."""

# Grüße aus München — ein Kommentar mit Umlauten.
from flask import Flask, jsonify

app = Flask(__name__)
app.config["BEGRÜSSUNG"] = "Grüß Gott"  # 挨拶
app.json.ensure_ascii = False


@app.route("/")
def index():
    return app.config["BEGRÜSSUNG"] + " 🍺"


@app.route("/ja")
def japanese():
    return jsonify(message="こんにちは世界", emoji="🗻")
