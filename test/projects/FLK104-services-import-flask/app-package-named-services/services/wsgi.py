from flask import Flask  # ok: FLK104
from werkzeug.middleware.proxy_fix import ProxyFix

app = Flask("services")
app.wsgi_app = ProxyFix(app.wsgi_app)
