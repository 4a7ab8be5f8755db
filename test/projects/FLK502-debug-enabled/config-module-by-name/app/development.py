"""A development config module may switch debug on, as a development config class may."""
DEBUG = True  # ok: FLK502
