"""Imported inside `with app.test_request_context("/"):`: request globals are there too."""
from flask import current_app, request, session

PATH = request.path  # ok: FLK403
USER = session.get("user")  # ok: FLK403
NAME = current_app.name  # ok: FLK403
