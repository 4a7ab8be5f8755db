from flask import Flask

app = Flask(__name__)  # ok: FLK304


@app.get("/")
def index():
    return "hello"
