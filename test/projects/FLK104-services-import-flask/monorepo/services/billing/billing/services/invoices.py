"""The project's own service layer, inside its package: still checked."""
from flask import current_app  # expect: FLK104


def due(invoices):
    return [i for i in invoices if i.total > current_app.config["MINIMUM"]]
