"""services/ without __init__.py, right beside app.py: a namespace package, still the service layer."""
from flask import session  # expect: FLK104


def current_user_id():
    return session.get("user_id")
