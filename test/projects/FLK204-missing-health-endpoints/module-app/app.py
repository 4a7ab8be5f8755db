from flask import Flask

app = Flask(__name__)  # expect: FLK204
app.config["JSON_SORT_KEYS"] = False


@app.get("/")
def index():
    return "hello"


if __name__ == "__main__":
    app.run()
