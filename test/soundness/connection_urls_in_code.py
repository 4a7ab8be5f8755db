"""Connection URLs written in the code (FLK103): a redis URL for the cache and a
broker URL with a password, beside a SimpleCache that runs here; the factory
rewrite must carry the environment reads into create_app()."""

from flask import Flask, jsonify
from flask_caching import Cache

app = Flask(__name__)
app.config["CACHE_TYPE"] = "SimpleCache"
app.config["CACHE_REDIS_URL"] = "redis://cache.internal:6379/0"
app.config.update(CELERY_BROKER_URL="amqp://worker:s3cret@rabbit.internal:5672//")
cache = Cache(app)


@app.route("/")
@cache.cached(timeout=30)
def index():
    return jsonify(cache_type=app.config["CACHE_TYPE"])
