# web/ has no __init__.py: a health.py beside this module could not be imported from it.
from flask import Flask

app = Flask(__name__)  # expect: FLK204


@app.get("/")
def index():
    return "hello"
