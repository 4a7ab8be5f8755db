from flask import Blueprint

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz():
    return {"status": "ok"}
