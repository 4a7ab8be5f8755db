"""Loaded by name for every app: debug on here is debug on in production."""
DEBUG = True  # expect: FLK502
