"""The API's "services" resource: a view module that happens to be called services."""
from flask import Blueprint, jsonify  # ok: FLK104

bp = Blueprint("services", __name__)


@bp.get("/services")
def list_services():
    return jsonify([])
