"""A hand-written WSGI middleware class wrapping app.wsgi_app, adding a header to
every response, even the 404 for a missing URL."""

from flask import Flask


class PoweredBy:
    def __init__(self, wsgi_app, name):
        self.wsgi_app = wsgi_app
        self.name = name

    def __call__(self, environ, start_response):
        def custom_start(status, headers, exc_info=None):
            headers.append(("X-Powered-By", self.name))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, custom_start)


app = Flask(__name__)
app.wsgi_app = PoweredBy(app.wsgi_app, "flask-notes")


@app.route("/")
def index():
    return "wrapped"
