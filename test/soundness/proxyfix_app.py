"""Behind a reverse proxy: app.wsgi_app wrapped in werkzeug's ProxyFix, a view
that reports the scheme and remote address it sees."""

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

app = Flask(__name__)
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)


@app.route("/whereami")
def whereami():
    return f"{request.scheme} {request.remote_addr} {request.host}"
