"""app.run() already guarded, inside a try/except KeyboardInterrupt under the
`__main__` block, with a goodbye message."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "guarded in a try"


if __name__ == "__main__":
    try:
        app.run(port=8080)
    except KeyboardInterrupt:
        print("bye")
