from flask import Flask

from admin import admin

app = Flask(__name__)


@app.route("/")
def index():
    return "home"


@app.route("/about", defaults={"section": "team"})
def about(section):
    return section


app.register_blueprint(admin, url_prefix="/admin")
