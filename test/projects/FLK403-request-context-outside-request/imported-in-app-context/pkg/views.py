"""Imported inside `with app.app_context():`: the app context is there, a request is not."""
from flask import Blueprint, current_app, g, request

from pkg.helpers import prefix

bp = Blueprint("views", __name__)
PREFIX = current_app.config.get("PREFIX")  # ok: FLK403
g.loaded = True  # ok: FLK403
ARGS = request.args  # expect: FLK403
