from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app

if TYPE_CHECKING:
    # Read by type checkers only: nothing is imported when the app runs, so there is no cycle.
    from blog import app  # ok: FLK105


def app_name(application: app) -> str:
    return current_app.name
