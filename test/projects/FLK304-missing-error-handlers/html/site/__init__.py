from flask import Flask, jsonify, render_template


def create_app():
    app = Flask(__name__)  # ok: FLK304

    @app.get("/")
    def home():
        return render_template("home.html")

    @app.get("/api/ping")
    def ping():
        return jsonify(pong=True)

    return app
