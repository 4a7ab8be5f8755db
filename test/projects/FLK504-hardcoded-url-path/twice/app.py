from flask import Flask

from views import bp

app = Flask(__name__)
app.register_blueprint(bp, url_prefix="/v1")
app.register_blueprint(bp, url_prefix="/v2", name="v2")
