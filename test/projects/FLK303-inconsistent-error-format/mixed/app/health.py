from flask import Blueprint

bp = Blueprint("health", __name__)
DEPENDENCIES = {"database": True, "cache": True}


# Health checks answer a load balancer: their payloads are not the app's error format.
@bp.get("/readyz")
def readyz():
    if not DEPENDENCIES["database"]:
        return {"message": "database down"}, 503  # ok: FLK303
    return {"status": "ready"}


@bp.get("/livez")
def livez():
    if not DEPENDENCIES["cache"]:
        return {"message": "cache down"}, 503  # ok: FLK303
    return {"status": "alive"}


@bp.get("/healthz")
def healthz():
    if not all(DEPENDENCIES.values()):
        return {"detail": "degraded"}, 503  # ok: FLK303
    return {"status": "ok"}
