from typing import TYPE_CHECKING

DEBUG = False

# Only the branch that runs under a type checker is left alone: the else branch runs.
if TYPE_CHECKING:
    from flask_sqlalchemy import SQLAlchemy  # ok: FLK104
else:
    from flask import current_app  # expect: FLK104

if DEBUG:
    from flask import g  # expect: FLK104


def charge(amount: int) -> int:
    return amount
