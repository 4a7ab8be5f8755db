# A blueprint named "health" that serves no probe: the fix's blueprint would clash with it.
from flask import Blueprint

health = Blueprint("health", __name__, url_prefix="/monitor")


@health.get("/uptime")
def uptime():
    return {"uptime": 1}
