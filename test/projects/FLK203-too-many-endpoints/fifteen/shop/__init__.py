from flask import Flask

from shop.views import bp

app = Flask(__name__)  # ok: FLK203
app.register_blueprint(bp)


@app.get("/")
def index():
    return "shop"
