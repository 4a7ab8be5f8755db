from flask import current_app  # expect: FLK104


def price(amount):
    return amount * current_app.config["RATE"]
