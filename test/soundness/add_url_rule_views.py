"""Views registered without decorators: app.add_url_rule() with a function, a
lambda, and strict_slashes turned off on the URL map."""

from flask import Flask

app = Flask(__name__)
app.url_map.strict_slashes = False


def ping():
    return "pong"


app.add_url_rule("/ping", "ping", ping)
app.add_url_rule("/hello/", "hello", lambda: "hello there")
app.add_url_rule("/", view_func=lambda: "root", endpoint="root")
