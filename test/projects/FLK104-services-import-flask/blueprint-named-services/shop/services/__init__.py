"""A blueprint for the shop's "services" pages: views, not the service layer."""
from flask import Blueprint  # ok: FLK104

bp = Blueprint("services", __name__, url_prefix="/services")

from . import routes  # noqa: E402,F401
