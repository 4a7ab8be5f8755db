"""Nobody loads this module as config."""
SECRET_KEY = "not-config-either"  # ok: FLK503
