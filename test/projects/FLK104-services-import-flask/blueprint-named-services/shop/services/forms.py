from flask_wtf import FlaskForm  # ok: FLK104
from wtforms import StringField


class BookingForm(FlaskForm):
    name = StringField("Name")
