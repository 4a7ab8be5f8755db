"""Only its class is loaded: a module-level name here is no config."""
import os

SECRET_KEY = "not-config"  # ok: FLK503


class ProductionConfig:
    SECRET_KEY = os.environ.get("SECRET_KEY")
