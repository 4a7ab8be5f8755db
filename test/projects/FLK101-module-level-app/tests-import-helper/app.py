from flask import Flask


def slugify(title):
    return title.lower().replace(" ", "-")


app = Flask(__name__)  # expect: FLK101


@app.route("/")
def index():
    return slugify("Hello World")
