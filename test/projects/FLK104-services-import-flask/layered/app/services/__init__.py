"""Business rules: plain Python, no Flask (a docstring that says `from flask import g` is text)."""  # ok: FLK104
