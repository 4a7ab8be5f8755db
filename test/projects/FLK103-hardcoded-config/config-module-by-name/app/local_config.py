"""A local config module names its own server, as a development config class may."""
SQLALCHEMY_DATABASE_URI = "postgresql://localhost/app"  # ok: FLK103
