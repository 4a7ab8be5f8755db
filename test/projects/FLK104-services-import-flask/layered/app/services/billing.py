from decimal import Decimal  # ok: FLK104
import flasky_helpers  # ok: FLK104

TEMPLATE = """
from flask import current_app
"""  # ok: FLK104


def total(items):
    return sum((Decimal(i) for i in items), Decimal(0)), flasky_helpers
