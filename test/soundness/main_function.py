"""A `def main(): app.run(...)` entry point, called from the `__main__` guard,
with the port taken from the environment."""

import os

from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "main-style app"


def main():
    port = int(os.environ.get("PORT", "5000"))
    app.run(host="127.0.0.1", port=port)


if __name__ == "__main__":
    main()
