"""Not named for tests, but it sets TESTING = True: a testing config, as a config class that does."""
TESTING = True
SECRET_KEY = "ci-key"  # ok: FLK503
