from flask import Flask, jsonify

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev-secret-123"


@app.route("/")
def index():
    return jsonify(message="Hello from a naive Flask app")


if __name__ == "__main__":
    app.run(debug=True)
