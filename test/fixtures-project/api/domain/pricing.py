from decimal import Decimal

from flask import request


def price_of(item):
    return Decimal(request.args.get("price", "0")), item
