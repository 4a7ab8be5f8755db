from flask import Flask


class Celery:
    def __init__(self, name, config):
        self.name = name
        self.conf = dict(config)


def make_celery(app):
    return Celery(app.import_name, app.config)


app = Flask(__name__)  # expect: FLK101
app.config["CELERY_BROKER_URL"] = "redis://localhost:6379/0"
celery = make_celery(app)


@app.route("/")
def index():
    return celery.name
