"""A beginner's app: routes, then an unguarded `app.run(debug=True)` as the last
line of the file."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello_world():
    return "<p>Hello, World!</p>"


@app.route("/about")
def about():
    return "About this site"


app.run(debug=True)
