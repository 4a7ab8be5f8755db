"""A testing config module keeps a fixed key, as a testing config class may."""
TESTING = True
SECRET_KEY = "test-key"  # ok: FLK503
