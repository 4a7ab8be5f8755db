from flask_sqlalchemy import SQLAlchemy  # ok: FLK104

db = SQLAlchemy()
