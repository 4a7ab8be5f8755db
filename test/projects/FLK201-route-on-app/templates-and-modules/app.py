from flask import Flask, redirect, render_template, url_for

from links import links

app = Flask(__name__)
app.register_blueprint(links)


@app.route("/")  # expect: FLK201
def index():
    return render_template("index.html", page=1)


@app.route("/about")  # expect: FLK201
def about():
    return redirect(url_for("index"))
