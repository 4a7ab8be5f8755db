"""CRLF line endings throughout (a file saved on Windows): config, a helper,
routes and the __main__ guard."""

from flask import Flask

app = Flask(__name__)
app.config["GREETING"] = "Hi from Windows"


def greeting():
    return app.config["GREETING"]


@app.route("/")
def index():
    return greeting()


@app.route("/lines")
def lines():
    return "one\r\ntwo"


if __name__ == "__main__":
    app.run()
