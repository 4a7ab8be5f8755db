"""Not named for tests, but it sets TESTING = True: a testing config, as a config class that does."""
TESTING = True
DEBUG = True  # ok: FLK502
