"""Loaded by name in app/__init__.py: its upper-case names are the app's config."""
DEBUG = False
SECRET_KEY = "change-me"  # expect: FLK503
