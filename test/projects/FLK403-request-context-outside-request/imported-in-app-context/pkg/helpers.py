"""Imported at module level by views.py, which is imported inside an app context."""
from flask import current_app


def prefix():
    return "/"


DEBUG = current_app.debug  # ok: FLK403
