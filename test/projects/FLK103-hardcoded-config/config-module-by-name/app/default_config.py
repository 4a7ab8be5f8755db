"""Loaded by name in app/__init__.py: a database URL with its password, in the code."""
SQLALCHEMY_DATABASE_URI = "postgresql://app:s3cret@db.example.com/app"  # expect: FLK103
