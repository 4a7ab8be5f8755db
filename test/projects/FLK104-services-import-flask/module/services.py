from flask_sqlalchemy import SQLAlchemy  # expect: FLK104

db = SQLAlchemy()
