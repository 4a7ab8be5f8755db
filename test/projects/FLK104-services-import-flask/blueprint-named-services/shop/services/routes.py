from flask import render_template  # ok: FLK104

from . import bp
from .forms import BookingForm


@bp.get("/")
def catalog():
    return render_template("services/catalog.html", form=BookingForm())
