from shop import app


@app.route("/")
def index():
    return "hello"
