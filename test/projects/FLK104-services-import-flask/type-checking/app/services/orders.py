import typing
from typing import TYPE_CHECKING as CHECKING

if typing.TYPE_CHECKING:
    import flask  # ok: FLK104
    from flask_login import UserMixin  # ok: FLK104

if CHECKING:
    from flask import Response  # ok: FLK104


def total(order: "flask.Request") -> int:
    return sum(order["lines"])
