from flask import Blueprint

bp = Blueprint("items", __name__)


@bp.get("/items")
def items():
    return []


@bp.get("/items/<int:item_id>")
def item(item_id):
    return {"id": item_id}


@bp.post("/items")
def create():
    return {}, 201


@bp.delete("/items/<int:item_id>")
def delete(item_id):
    return "", 204
