"""A Flask-SocketIO chat: `socketio = SocketIO(app)`, event handlers, an HTTP
route, and `socketio.run(app)` under the __main__ guard."""

from flask import Flask
from flask_socketio import SocketIO, emit

app = Flask(__name__)
app.config["SECRET_KEY"] = "chat-secret"
socketio = SocketIO(app)

history = []


@socketio.on("message")
def handle_message(data):
    history.append(data)
    emit("message", data, broadcast=True)


@app.route("/history")
def show_history():
    return "\n".join(history) or "empty"


if __name__ == "__main__":
    socketio.run(app)
