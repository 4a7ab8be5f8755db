from flask import Flask

console = Flask(__name__)


@console.route("/console")
def home():
    return "console"
