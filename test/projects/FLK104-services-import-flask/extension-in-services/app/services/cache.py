from flask import current_app  # ok: FLK104


class Cache:
    """A small extension: `init_app` keeps the app's settings."""

    def init_app(self, app):
        app.extensions["small_cache"] = self

    def timeout(self):
        return current_app.config.get("CACHE_TIMEOUT", 60)
