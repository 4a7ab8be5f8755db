"""Imported by the package at module level, outside any context."""
from flask import current_app

SECRET = current_app.config["SECRET"]  # expect: FLK403
