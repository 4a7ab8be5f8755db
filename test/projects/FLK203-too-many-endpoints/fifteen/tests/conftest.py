# Test modules do not count: these routes would make sixteen.
from flask import Flask

test_app = Flask(__name__)


@test_app.get("/fake")
def fake():
    return "fake"
