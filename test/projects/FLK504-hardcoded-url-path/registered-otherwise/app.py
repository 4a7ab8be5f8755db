from flask import Flask

from views import other, twice

app = Flask(__name__)
app.register_blueprint(other, url_prefix="/b")
app.register_blueprint(twice)
app.register_blueprint(twice, name="twice_again")
